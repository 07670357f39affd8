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

/// Makes `path` and its missing parents, each one it makes private to its owner (0700: a `sessions/`
/// folder made for a room's screenshots holds the logs too), and `path` itself 0700 if it existed.
/// Folders that existed above it keep their mode. Returns nil, or what went wrong.
public func makePrivateDirectory(_ path: String) -> String? {
    var missing: [String] = []
    var folder = path
    while !folder.isEmpty, folder != "/", !FileManager.default.fileExists(atPath: folder) {
        missing.append(folder)
        folder = (folder as NSString).deletingLastPathComponent
    }
    for made in missing.reversed() {
        guard mkdir(made, 0o700) == 0 || errno == EEXIST else { return "\(made): " + String(cString: strerror(errno)) }
    }
    // The mode mkdir gives is cut by the umask, and a folder that existed keeps its own: set it.
    for made in missing + (missing.contains(path) ? [] : [path]) {
        guard chmod(made, 0o700) == 0 else { return "\(made): " + String(cString: strerror(errno)) }
    }
    return nil
}
