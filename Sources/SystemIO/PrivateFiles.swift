import Foundation

/// Writes `data` to `path` readable by its owner only (0600: participants' words and room codes),
/// replacing it, or appending with `append`. Returns nil, or what went wrong.
public func writePrivateFile(_ path: String, _ data: Data, append: Bool = false) -> String? {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC), 0o600)
    guard descriptor >= 0 else { return String(cString: strerror(errno)) }
    defer { close(descriptor) }
    // A file that existed keeps its old mode through open: set it.
    fchmod(descriptor, 0o600)
    return writeAll(descriptor, data)
}

/// Makes `path` and its missing parents, the last one private to its owner (0700). Returns nil, or what went wrong.
public func makePrivateDirectory(_ path: String) -> String? {
    do {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        guard chmod(path, 0o700) == 0 else { return String(cString: strerror(errno)) }
        return nil
    } catch {
        return error.localizedDescription
    }
}
