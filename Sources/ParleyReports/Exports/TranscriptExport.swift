import ParleyCore

extension CommentExport {
    /// `--format md`: a readable transcript; per session, per prompt in deck order (sections without
    /// comments left out), each comment with time, speaker and tags.
    public static func markdown(sessions: [SessionSummary], prompts: [PromptRow], comments: [CommentRecord]) -> String {
        var bySession: [String: [CommentRecord]] = [:]
        for comment in comments { bySession[comment.sessionID, default: []].append(comment) }
        var promptsBySession: [String: [PromptRow]] = [:]
        for prompt in prompts { promptsBySession[prompt.session, default: []].append(prompt) }
        var out = TextBuffer()
        out.append("# Parley transcript\n")
        if sessions.isEmpty { out.append("\n_No sessions in the store._\n") }
        for session in sessions {
            out.append("\n## \(DocumentText.markdownInline(session.deckTitle.isEmpty ? session.deckID : session.deckTitle))\n\n")
            out.append("Session `\(session.id)` · deck `\(session.deckID)` · started \(Format.shortTime(session.startedAt)) UTC"
                + " · \(Format.duration(session.durationMilliseconds)) · writers: \(session.writers.joined(separator: ", "))"
                + " · \(session.participants) participants · \(session.comments) comments\n")
            let deck = (promptsBySession[session.id] ?? []).sorted { $0.position < $1.position }
            appendPrompts(of: bySession[session.id] ?? [], deck: deck, to: &out)
        }
        return out.string
    }

    /// One session's prompts in deck order, then prompts commented on that its deck does not hold.
    private static func appendPrompts(of comments: [CommentRecord], deck: [PromptRow], to out: inout TextBuffer) {
        var byPrompt: [String: [CommentRecord]] = [:]
        for comment in comments { byPrompt[comment.promptID, default: []].append(comment) }
        var order = deck.map { (id: $0.promptID, title: $0.title, kind: $0.kind) }
        var listed = Set(order.map(\.id))
        for comment in comments where listed.insert(comment.promptID).inserted {
            order.append((comment.promptID, comment.promptID, ""))
        }
        for (id, title, kind) in order {
            let list = byPrompt[id] ?? []
            if list.isEmpty && kind == PromptKind.section.rawValue { continue }
            out.append("\n### \(DocumentText.markdownInline(title)) (`\(id)`)\n\n")
            if list.isEmpty { out.append("_No comments._\n"); continue }
            for comment in list {
                let time = comment.at.count >= 19 ? String(comment.at.dropFirst(11).prefix(8)) : comment.at
                let speaker = comment.participant.map { "**\(DocumentText.markdownInline($0))**" } ?? "_(room)_"
                let tags = comment.tags.isEmpty ? "" : " " + comment.tags.map { "`#\($0)`" }.joined(separator: " ")
                let table = comment.table.map { " · table \(DocumentText.markdownInline($0))" } ?? ""
                out.append("- \(time) \(speaker): \(DocumentText.markdownInline(comment.text))\(tags)\(table)\n")
            }
        }
    }
}
