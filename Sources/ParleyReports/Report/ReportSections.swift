import ParleyCore

/// The report's sections, in the order they are shown; docs/store.md describes each.
extension ReportFacts {
    func overviewSection() -> Report.Section {
        let used = tags.codeComments.keys
        var totals: [[Report.Cell]] = [[.text("sessions"), .number(scope.ids.count)]]
        if let remarks { totals.append([.text("comments"), .number(remarks.comments)]) }
        totals += [
            [.text(many), .number(comments.total)],
            [.text("\(many) without a code"), .number(comments.untagged)],
            [.text("\(many) without a participant"), .number(comments.unattributed)],
            [.text("participants"), .number(people.count)],
            [.text("writers"), .number(Set(rows.writers.map(\.writer)).count)],
            [.text("codes used"), .number(used.count)],
            [.text("emergent codes"), .number(used.filter { codeMeta[$0]?.emergent ?? true }.count)],
            [.text("participants withdrawn"), .number(rows.tombstones.count)],
        ]
        let sessions = Report.Table(
            id: "sessions", title: "Sessions",
            columns: ["session", "deck", "started (UTC)", "duration", "writers", "participants", "comments"] + (remarks == nil ? [] : ["remarks"]),
            rows: scope.sessions.map { session in
                [.text(session.id), .text(session.deckID), .text(Format.shortTime(session.startedAt)),
                 .text(Format.duration(session.durationMilliseconds)), .number(session.writers), .number(session.participants),
                 .number(session.comments)] + (remarks.map { [.number($0.sessionRemarks[session.id] ?? 0)] } ?? [])
            }, chart: nil, emptyNote: "No sessions.")
        var notes = ["Counts are of comments as they stand now: edits applied, deleted comments and withdrawn participants left out."]
        var tables = [Report.Table(id: "overview", title: "Totals", columns: ["measure", "value"], rows: totals, chart: nil, emptyNote: ""),
                      sessions]
        if let remarks {
            notes.append(remarksNote(remarks))
            tables.append(writersTable(remarks))
        }
        return Report.Section(id: "overview", title: "Overview", notes: notes, tables: tables)
    }

    /// How the comments were joined into remarks.
    func remarksNote(_ remarks: RemarkCounts) -> String {
        let joined = remarks.joinedComments == 0 ? "no two writers noted the same remark"
            : "\(Format.count(remarks.joinedComments)) comments, noted by different writers of the same remark, were joined into "
                + "\(Format.count(remarks.joinedRemarks)) remark\(remarks.joinedRemarks == 1 ? "" : "s")"
        return "Counted by remark: a remark several writers noted counts once, with every code any of them gave it "
            + "(comments matched as in docs/agreement.md: same prompt and participant, close in time or in words). "
            + "\(Format.count(remarks.comments)) comment\(remarks.comments == 1 ? "" : "s") make \(Format.count(remarks.remarks)) "
            + "remark\(remarks.remarks == 1 ? "" : "s"): \(joined). With --count comments, parley report counts every comment."
    }

    /// Per writer: their comments, and how many joined another writer's in one remark.
    func writersTable(_ remarks: RemarkCounts) -> Report.Table {
        let writers = remarks.writerComments.keys.sorted { a, b in
            let sa = scope.index[a.session] ?? 0, sb = scope.index[b.session] ?? 0
            return sa != sb ? sa < sb : codePointLess(a.writer, b.writer)
        }
        return Report.Table(
            id: "writers", title: "Comments per writer",
            columns: ["writer", "comments", "joined with another writer's", "noted by this writer only"],
            rows: writers.map { writer in
                let all = remarks.writerComments[writer] ?? 0, joined = remarks.writerJoined[writer] ?? 0
                return [.text(scope.spansSeveral ? "\(writer.writer) @\(writer.session.prefix(8))" : writer.writer), .number(all),
                        .number(joined), .number(all - joined)]
            }, chart: nil, emptyNote: "No comments.")
    }

    func promptsSection() -> Report.Section {
        let rows: [[Report.Cell]] = prompts.order.map { id in
            let prompt = prompts.info[id]!
            return [.text(id), .number(prompts.index[id]! + 1), .text(prompt.kind), .text(prompt.title),
                    .number(comments.promptComments[id] ?? 0), .number(comments.promptSpeakers[id]?.count ?? 0),
                    .number(comments.promptUntagged[id] ?? 0), .text(TagTally.top(tags.promptCodes[id]))]
        }
        return Report.Section(id: "prompts", title: "\(manyTitle) per prompt", notes: [], tables: [
            Report.Table(id: "prompts", title: "\(manyTitle) per prompt",
                         columns: ["prompt", "#", "kind", "title", many, "speakers", "untagged", "top codes"],
                         rows: rows, chart: Report.Chart(labelColumn: 0, valueColumn: 4, title: "\(manyTitle) per prompt"),
                         emptyNote: "No prompts."),
        ])
    }

    /// Persona prompts grouped by persona, in the order personas first appear.
    func personasSection() -> Report.Section {
        var order: [String] = []
        var names: [String: String] = [:]
        var promptsOf: [String: [String]] = [:]
        for id in prompts.order {
            guard let prompt = prompts.info[id], prompt.kind == PromptKind.persona.rawValue, let persona = prompt.persona else { continue }
            if promptsOf[persona] == nil { order.append(persona) }
            promptsOf[persona, default: []].append(id)
            if names[persona] == nil { names[persona] = prompt.personaName ?? persona }
        }
        let rows: [[Report.Cell]] = order.map { persona in
            let ids = promptsOf[persona]!
            var speakers: Set<Person> = []
            var counts: [String: Int] = [:]
            for id in ids {
                speakers.formUnion(comments.promptSpeakers[id] ?? [])
                for (tag, n) in tags.promptCodes[id] ?? [:] { counts[tag, default: 0] += n }
            }
            return [.text(persona), .text(names[persona] ?? persona), .text(ids.joined(separator: ", ")),
                    .number(ids.reduce(0) { $0 + (comments.promptComments[$1] ?? 0) }), .number(speakers.count),
                    .text(TagTally.top(counts))]
        }
        return Report.Section(id: "personas", title: "\(manyTitle) per persona", notes: [], tables: [
            Report.Table(id: "personas", title: "\(manyTitle) per persona", columns: ["persona", "name", "prompts", many, "speakers", "top codes"],
                         rows: rows, chart: Report.Chart(labelColumn: 1, valueColumn: 3, title: "\(manyTitle) per persona"),
                         emptyNote: "No persona prompts in these sessions."),
        ])
    }

    func screenshotsSection() -> Report.Section {
        let rows: [[Report.Cell]] = prompts.order.compactMap { id in
            guard let prompt = prompts.info[id], prompt.kind == PromptKind.screenshot.rawValue else { return nil }
            return [.text(id), .text(prompt.title), .text(prompt.image ?? ""), .number(comments.promptComments[id] ?? 0),
                    .number(comments.promptSpeakers[id]?.count ?? 0), .text(TagTally.top(tags.promptCodes[id]))]
        }
        return Report.Section(id: "screenshots", title: "\(manyTitle) per screenshot", notes: [], tables: [
            Report.Table(id: "screenshots", title: "\(manyTitle) per screenshot", columns: ["prompt", "title", "image", many, "speakers", "top codes"],
                         rows: rows, chart: Report.Chart(labelColumn: 0, valueColumn: 3, title: "\(manyTitle) per screenshot"),
                         emptyNote: "No screenshot prompts in these sessions."),
        ])
    }

    /// Code frequencies by comments (or remarks) and by participants (the people who spoke).
    func codesSection() -> Report.Section {
        var columns = ["code", "label", "group", "emergent", many, "% of \(many)", "participants", "% of participants"]
        if scope.spansSeveral { columns.append("sessions") }
        let speaking = comments.personComments.count
        let rows: [[Report.Cell]] = codeList.map { code in
            let n = tags.codeComments[code.tag] ?? 0
            let p = tags.codePeople[code.tag]?.count ?? 0
            var row: [Report.Cell] = [.text(code.tag), .text(code.label), .text(code.emergent ? "(emergent)" : code.group),
                                      .text(code.emergent ? "yes" : "no"), .number(n),
                                      .percent(comments.total == 0 ? 0 : Double(n) / Double(comments.total)), .number(p),
                                      .percent(speaking == 0 ? 0 : Double(p) / Double(speaking))]
            if scope.spansSeveral { row.append(.number(tags.codeSessions[code.tag]?.count ?? 0)) }
            return row
        }
        return Report.Section(id: "codes", title: "Code frequencies", notes: [
            "By \(many): how many \(many) carry the code. By participants: how many different people said something coded with it "
                + "(% of the \(speaking) participants who spoke). Codebook codes never used are listed with 0.",
        ], tables: [
            Report.Table(id: "codes", title: "Code frequencies", columns: columns, rows: rows,
                         chart: Report.Chart(labelColumn: 0, valueColumn: 4, title: "\(manyTitle) per code"), emptyNote: "No codes."),
        ])
    }

    func codesByPromptSection() -> Report.Section {
        let columns = prompts.order.filter { !(tags.promptCodes[$0] ?? [:]).isEmpty }
        let rows: [[Report.Cell]] = codeList.filter { (tags.codeComments[$0.tag] ?? 0) > 0 }.map { code in
            [.text(code.tag)] + columns.map { id in Self.count(tags.promptCodes[id]?[code.tag]) } + [.number(tags.codeComments[code.tag] ?? 0)]
        }
        return Report.Section(id: "codes-by-prompt", title: "Codes × prompts", notes: [
            "\(manyTitle) with each code (rows) on each prompt (columns); only prompts with coded \(many) are shown.",
        ], tables: [
            Report.Table(id: "codes-by-prompt", title: "Codes × prompts", columns: ["code"] + columns + ["total"], rows: rows,
                         chart: nil, emptyNote: "No coded \(many)."),
        ])
    }

    /// Pairs of codes on one comment (or remark), summed over the sessions, most frequent first.
    func coOccurrenceSection() -> Report.Section {
        var sums: [TagPair: Int] = [:]
        for pair in rows.tagPairs { sums[TagPair(tag: pair.tag, other: pair.otherTag), default: 0] += pair.comments }
        let pairs = sums.sorted { $0.value != $1.value ? $0.value > $1.value : ($0.key.tag, $0.key.other) < ($1.key.tag, $1.key.other) }
        return Report.Section(id: "co-occurrence", title: "Code co-occurrence", notes: [
            "Pairs of codes given to the same \(one), most frequent first.",
        ], tables: [
            Report.Table(id: "co-occurrence", title: "Code co-occurrence", columns: ["code", "with code", many],
                         rows: pairs.map { [.text($0.key.tag), .text($0.key.other), .number($0.value)] }, chart: nil,
                         emptyNote: "No \(one) has more than one code."),
        ])
    }

    /// Emergent codes used, A–Z, each with its first example in the oldest session that has one (its
    /// speaker named as everywhere in the report: with their session when it spans several).
    func emergentCodesSection() -> Report.Section {
        var examples: [String: CodeExampleRow] = [:]
        for example in scope.sorted(rows.codeExamples, session: \.session, position: { _ in 0 }) where examples[example.tag] == nil {
            examples[example.tag] = example
        }
        let used = codeList.filter { $0.emergent && (tags.codeComments[$0.tag] ?? 0) > 0 }.sorted { $0.tag < $1.tag }
        let rows: [[Report.Cell]] = used.map { code in
            let example = examples[code.tag]
            return [.text(code.tag), .number(tags.codeComments[code.tag] ?? 0), .number(tags.codePeople[code.tag]?.count ?? 0),
                    .text((example.flatMap { e in e.participant.map { scope.name(Person(session: e.session, participant: $0)) + ": " } } ?? "")
                          + Self.truncate(example?.text ?? "", 90))]
        }
        return Report.Section(id: "emergent", title: "Emergent codes", notes: [
            "Tags typed during the session that are not in the codebook: candidates for the next version of it.",
        ], tables: [
            Report.Table(id: "emergent", title: "Emergent codes", columns: ["code", many, "participants", "first example"],
                         rows: rows, chart: nil, emptyNote: "No emergent codes: every tag used is in the codebook."),
        ])
    }

    /// Who spoke how much and where; quiet participants flagged.
    func participantsSection() -> Report.Section {
        let everyone = people.sorted(by: scope.personLess)
        var tableOf: [Person: String] = [:]
        for row in rows.participants { if let table = row.table { tableOf[Person(session: row.session, participant: row.participant)] = table } }
        let discussed = prompts.order.filter { (comments.promptComments[$0] ?? 0) > 0 }
        let quiet = quietness(of: everyone)
        let coverage: [[Report.Cell]] = everyone.map { person in
            let spoken = comments.personPrompts[person]?.count ?? 0
            return [.text(scope.name(person)), .text(tableOf[person] ?? ""), .number(comments.personComments[person] ?? 0), .number(spoken),
                    .percent(discussed.isEmpty ? 0 : Double(spoken) / Double(discussed.count)), .text(quiet(person) ? "quiet" : "")]
        }
        var who: [[Report.Cell]] = everyone.map { person in
            [.text(scope.name(person))] + discussed.map { Self.count(comments.personPrompts[person]?[$0]) }
        }
        if comments.unattributed > 0 {
            who.append([.text("(no participant)")] + discussed.map { Self.count(comments.unattributedByPrompt[$0]) })
        }
        let quietOnes = everyone.filter(quiet)
        return Report.Section(id: "participants", title: "Participant coverage", notes: [
            "Quiet: a participant with no \(many), or fewer than half the median number of \(many) in their session.",
            quietOnes.isEmpty ? "No quiet participants." : "Quiet participants: " + quietOnes.map(scope.name).joined(separator: ", ") + ".",
        ], tables: [
            Report.Table(id: "participants", title: "Participants",
                         columns: ["participant", "table", many, "prompts spoken in", "% of discussed prompts", "quiet"],
                         rows: coverage, chart: Report.Chart(labelColumn: 0, valueColumn: 2, title: "\(manyTitle) per participant"),
                         emptyNote: "No participants recorded."),
            Report.Table(id: "participants-by-prompt", title: "Who spoke in which prompt (\(many))", columns: ["participant"] + discussed,
                         rows: who, chart: nil, emptyNote: "No \(many)."),
        ])
    }

    /// Quiet: no comments, or fewer than half the median number of comments of the people of their session.
    func quietness(of everyone: [Person]) -> (Person) -> Bool {
        var median: [String: Double] = [:]
        for session in scope.ids {
            let counts = everyone.filter { $0.session == session }.map { comments.personComments[$0] ?? 0 }.sorted()
            guard !counts.isEmpty else { continue }
            median[session] = counts.count % 2 == 1 ? Double(counts[counts.count / 2])
                : Double(counts[counts.count / 2 - 1] + counts[counts.count / 2]) / 2
        }
        let personComments = comments.personComments
        return { person in
            let n = Double(personComments[person] ?? 0)
            return n == 0 || n < (median[person.session] ?? 0) / 2
        }
    }

    /// Per table and per round, for World Café decks or whenever comments carry a table or round.
    func worldCafeSection() -> Report.Section? {
        let isWorldCafe = scope.sessions.contains { $0.format == DeckFormat.worldCafe.rawValue }
        guard isWorldCafe || !comments.tableComments.isEmpty || !comments.roundComments.isEmpty else { return nil }
        let tables = comments.tableComments.keys.sorted(by: naturalLess)
        let rounds = comments.roundComments.keys.sorted()
        return Report.Section(id: "world-cafe", title: "World Café: tables and rounds", notes: [
            "A comment's table and round are those in force when it was noted (a participant's table when the comment has none)"
                + (remarks == nil ? "." : "; a remark's are its first comment's."),
        ], tables: [
            Report.Table(id: "tables", title: "Per table", columns: ["table", many, "participants", "top codes"],
                         rows: tables.map { [.text($0), .number(comments.tableComments[$0] ?? 0), .number(comments.tableSpeakers[$0]?.count ?? 0),
                                             .text(TagTally.top(tags.tableCodes[$0]))] },
                         chart: Report.Chart(labelColumn: 0, valueColumn: 1, title: "\(manyTitle) per table"),
                         emptyNote: "No \(many) carry a table."),
            Report.Table(id: "rounds", title: "Per round", columns: ["round", many, "participants", "top codes"],
                         rows: rounds.map { [.text(String($0)), .number(comments.roundComments[$0] ?? 0), .number(comments.roundSpeakers[$0]?.count ?? 0),
                                             .text(TagTally.top(tags.roundCodes[$0]))] },
                         chart: Report.Chart(labelColumn: 0, valueColumn: 1, title: "\(manyTitle) per round"),
                         emptyNote: "No \(many) carry a round."),
            Report.Table(id: "tables-by-round", title: "\(manyTitle) per table and round", columns: ["table"] + rounds.map { "round \($0)" },
                         rows: tables.map { table in [.text(table)] + rounds.map { Self.count(comments.tableRound[table]?[$0]) } },
                         chart: nil, emptyNote: "No \(many) carry both a table and a round."),
        ])
    }

    /// A count in a grid: empty for none.
    static func count(_ n: Int?) -> Report.Cell {
        let n = n ?? 0
        return n == 0 ? .empty : .number(n)
    }
}

struct TagPair: Hashable {
    var tag: String
    var other: String
}
