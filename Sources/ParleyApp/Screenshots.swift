import Foundation
import ParleyCore
import PNGDecoder
import TerminalGraphics
import TerminalUI

/// A deck's screenshots as a model knows them: where each file is (paths in the deck are relative
/// to the deck file, or to a folder given instead) and the images decoded so far. Decoding is an
/// effect: the model asks with `.loadImage` when a screenshot comes on screen, the loop answers
/// `.imageLoaded`, and views only read what came back.
public struct Screenshots {
    public let baseDirectory: String?
    private var images: [String: Result<RGBAImage, PNGError>] = [:]
    private var requested: Set<String> = []

    public static let nothingToOpen = "This prompt has no screenshot to open."

    /// `deckPath`: the deck file (from the log's `session.started`); `contentOverride`: a folder to use instead.
    public init(deckPath: String?, contentOverride: String? = nil) {
        baseDirectory = contentOverride ?? deckPath.map { ($0 as NSString).deletingLastPathComponent }
    }

    public func path(for prompt: Prompt) -> String? {
        guard let image = prompt.image else { return nil }
        if image.hasPrefix("/") { return image }
        return baseDirectory.map { ($0 as NSString).appendingPathComponent(image) }
    }

    /// `.loadImage` for `prompt`'s screenshot the first time it is on screen.
    mutating func load(_ prompt: Prompt?) -> [Effect] {
        guard let prompt, prompt.kind == .screenshot, let path = path(for: prompt), !requested.contains(path) else { return [] }
        requested.insert(path)
        return [.loadImage(path: path)]
    }

    mutating func receive(_ image: Result<RGBAImage, PNGError>, for path: String) {
        images[path] = image
    }

    /// The decoded image, or why it cannot be shown.
    public func image(for prompt: Prompt) -> Result<RGBAImage, PNGError> {
        guard let path = path(for: prompt) else {
            return .failure(PNGError(description: "the log does not say where the deck's files are"))
        }
        return images[path] ?? .failure(PNGError(description: "not loaded yet"))
    }

    /// What `o` asks for on `prompt`: its file in the viewer; nil when it has none (say `nothingToOpen`).
    func viewerEffect(for prompt: Prompt?) -> Effect? {
        guard let prompt, prompt.kind == .screenshot, let path = path(for: prompt) else { return nil }
        return .openViewer(path: path)
    }

    /// The line that says how opening went, for a viewer's answer.
    static func viewerLine(_ answer: Message) -> String? {
        switch answer {
        case .viewerOpened(let path): "Opened \(path) in the viewer."
        case .viewerFailed(let why): "Cannot open the screenshot: \(why)"
        default: nil
        }
    }
}

/// Draws a screenshot prompt's image, or says why it is not drawn (for its alt text to stand in).
enum ScreenshotPane {
    /// Smallest image worth drawing; below this the alt text says more.
    static let minimumCells = Size(width: 8, height: 4)

    /// Draws the image in `rect` if possible; returns the rectangle used, or the reason it was not drawn.
    static func draw(_ prompt: Prompt, from screenshots: Screenshots, into screen: inout Screen, rect: Rect, support: ImageSupport) -> Result<Rect, PNGError> {
        guard rect.width >= minimumCells.width, rect.height >= minimumCells.height else {
            return .failure(PNGError(description: "too little room on screen"))
        }
        return screenshots.image(for: prompt).map { image in
            ImageCells.draw(image, path: screenshots.path(for: prompt) ?? "", into: &screen, rect: rect, support: support)
        }
    }
}
