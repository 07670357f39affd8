import ParleyCore
import TerminalUI

/// One comment as the comment list shows it, on the capture screen and in replay:
/// "▶12:34 P3   text #tag #new*", wrapped with a hanging indent.
enum CommentRows {
    static let selectedStyle = Style(reverse: true)

    /// `*` marks a tag the codebook does not have (an emergent code).
    /// `writer`: name who wrote it instead of the time (the room's feed: each laptop has its own session clock).
    static func rows(_ comment: Comment, codebook: Codebook?, width: Int, selected: Bool, writer: Bool = false) -> [CommentList.Row] {
        let when = writer ? TextLayout.truncate(comment.writer, width: 12).padding(toWidth: 12) : ElapsedTime.format(milliseconds: comment.mono)
        let who = comment.participant ?? "—"
        // A gutter mark, so the selection shows without colour or reverse video too.
        let prefix = (selected ? "▶" : " ") + "\(when) \(who.padding(toWidth: 4)) "
        let tags = comment.tags.map { tag in "#" + tag + (codebook?.code(tag: tag) == nil ? "*" : "") }
        var text = comment.text
        if !tags.isEmpty { text += "  " + tags.joined(separator: " ") }
        if comment.edited { text += "  (edited)" }
        let wrapped = TextLayout.wrap(text, width: max(10, width - prefix.displayWidth))
        let style: Style = selected ? selectedStyle : .plain
        return wrapped.enumerated().map { row, part in
            CommentList.Row((row == 0 ? prefix : String(repeating: " ", count: prefix.displayWidth)) + part, style)
        }
    }
}

extension String {
    /// Pads with spaces to a display width (never cuts).
    func padding(toWidth width: Int) -> String {
        self + String(repeating: " ", count: max(0, width - displayWidth))
    }
}
