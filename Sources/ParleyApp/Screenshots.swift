import Foundation
import ParleyCore
import PNGDecoder
import TerminalGraphics
import TerminalUI

/// Finds and decodes a deck's screenshots (paths relative to the deck file), once each.
public final class ScreenshotLibrary {
    public let baseDirectory: String?
    private var cache: [String: Result<RGBAImage, PNGError>] = [:]

    /// `deckPath`: the deck file (from the log's `session.started`); `contentOverride`: a folder to use instead.
    public init(deckPath: String?, contentOverride: String? = nil) {
        baseDirectory = contentOverride ?? deckPath.map { ($0 as NSString).deletingLastPathComponent }
    }

    public func path(for prompt: Prompt) -> String? {
        guard let image = prompt.image else { return nil }
        if image.hasPrefix("/") { return image }
        return baseDirectory.map { ($0 as NSString).appendingPathComponent(image) }
    }

    /// Opens `prompt`'s screenshot with `open` (the system viewer; nil or why not); returns the line to show.
    public func open(_ prompt: Prompt?, with open: (String) -> String?) -> String {
        guard let prompt, prompt.kind == .screenshot, let path = path(for: prompt) else { return "This prompt has no screenshot to open." }
        return open(path).map { "Cannot open the screenshot: \($0)" } ?? "Opened \(path) in the viewer."
    }

    /// The decoded image, or why it cannot be shown.
    public func image(for prompt: Prompt) -> Result<RGBAImage, PNGError> {
        guard let path = path(for: prompt) else {
            return .failure(PNGError(description: "the log does not say where the deck's files are"))
        }
        if let cached = cache[path] { return cached }
        let result = Result { try PNGDecoder.decode(path: path) }.mapError { $0 as? PNGError ?? PNGError(description: "\($0)") }
        cache[path] = result
        return result
    }
}

/// Draws a screenshot prompt's image, or its alt text with the reason the image is not shown.
enum ScreenshotPane {
    /// Smallest image worth drawing; below this the alt text says more.
    static let minimumCells = Size(width: 8, height: 4)

    /// Draws the image in `rect` if possible; returns the rectangle used, or the reason it was not drawn.
    static func draw(_ prompt: Prompt, library: ScreenshotLibrary, into screen: inout Screen, rect: Rect, support: ImageSupport) -> Result<Rect, PNGError> {
        guard rect.width >= minimumCells.width, rect.height >= minimumCells.height else {
            return .failure(PNGError(description: "too little room on screen"))
        }
        switch library.image(for: prompt) {
        case .success(let image): return .success(ImageCells.draw(image, path: library.path(for: prompt) ?? "", into: &screen, rect: rect, support: support))
        case .failure(let error): return .failure(error)
        }
    }
}

/// Opens a file with `$PARLEY_VIEWER` or `xdg-open`, detached, output discarded.
public enum ExternalViewer {
    public static func open(_ path: String) -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return "\(path) does not exist" }
        let viewer = ProcessInfo.processInfo.environment["PARLEY_VIEWER"].flatMap { $0.isEmpty ? nil : $0 } ?? "xdg-open"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in [0, 1, 2] { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
        let words: [String] = ["/bin/sh", "-c", "exec \(viewer) \"$0\"", path]
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, "/bin/sh", &actions, nil, argv, environ)
        return status == 0 ? nil : "cannot start \(viewer): \(String(cString: strerror(status)))"
    }
}
