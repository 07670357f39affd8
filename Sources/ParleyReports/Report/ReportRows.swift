/// What a report is built from: the rows of the sessions in scope (Rows.swift), in any order.
public struct ReportRows: Sendable {
    public var sessions: [SessionRow]
    public var writers: [SessionWriterRow]
    public var tombstones: [TombstoneRow]
    public var prompts: [PromptRow]
    public var participants: [ParticipantRow]
    public var groups: [CommentGroupRow]
    public var tagCounts: [TagCountRow]
    public var tagPairs: [TagPairRow]
    public var codes: [CodeRow]
    /// The first comment with each code, per session; only emergent codes' are shown.
    public var codeExamples: [CodeExampleRow]
    /// The remarks, when the report counts them: then its counts come from here, and `groups`,
    /// `tagCounts` and `tagPairs` are not read.
    public var remarks: RemarkCounts?

    public init(sessions: [SessionRow] = [], writers: [SessionWriterRow] = [], tombstones: [TombstoneRow] = [],
                prompts: [PromptRow] = [], participants: [ParticipantRow] = [], groups: [CommentGroupRow] = [],
                tagCounts: [TagCountRow] = [], tagPairs: [TagPairRow] = [], codes: [CodeRow] = [],
                codeExamples: [CodeExampleRow] = [], remarks: RemarkCounts? = nil) {
        self.sessions = sessions; self.writers = writers; self.tombstones = tombstones; self.prompts = prompts
        self.participants = participants; self.groups = groups; self.tagCounts = tagCounts; self.tagPairs = tagPairs
        self.codes = codes; self.codeExamples = codeExamples; self.remarks = remarks
    }
}
