import GRDB
import ParleyCore
import ParleyReports

extension Store {
    /// Recording `number` of one session as an ELAN annotation document.
    public func eaf(session: String, recording number: Int, media: EAF.Media?, date: String) throws -> Subtitles.File {
        try read { db in
            let rows = ScopeRows(db, ids: [try Self.resolveSession(session, db: db)])
            return try EAF.document(EAF.Rows(timeline: try Self.timeline(rows),
                                             prompts: try rows.prompts(), promptsShown: try rows.promptsShown(),
                                             markers: try rows.markers(), codes: try rows.codes(),
                                             participants: try rows.participants(), tombstones: try rows.tombstones()),
                                    recording: number, media: media, date: date)
        }
    }
}

extension ScopeRows {
    /// When the room's screen changed prompt, per session in time order: `SessionState` applied to the
    /// events that decide it (placed on the room's time line), so the room's prompt is the one the
    /// capture screen, replay and the derived tables follow. The session's start shows its first prompt.
    func promptsShown() throws -> [PromptShownRow] {
        var shown: [PromptShownRow] = []
        for session in ids {
            let events = try StoredLines.read(db, session: session).events(ofTypes: ["session.started", "prompt.shown", "clock.offset"])
            var state = SessionState(events: [Event]())
            var current: String?
            for event in EventOrder.placed(events) {
                state.apply(event)
                guard let prompt = state.currentPrompt?.id, prompt != current else { continue }
                current = prompt
                shown.append(PromptShownRow(promptID: prompt, at: event.at))
            }
        }
        return shown
    }
}
