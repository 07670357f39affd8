import Foundation
import ParleyCore
import Testing
@testable import ParleyReports
@testable import ParleyStore

/// The report counts remarks, not comments: two note-takers who noted the same remark count it once.
/// Checked as a researcher would, by recomputing every number from the CSV export's `remark_id`.
@Suite("Report by remark")
struct RemarkReportTests {
    static let session = "eeeeeeee-5555-4555-8555-555555555555"

    func number(_ cell: Report.Cell?) -> Int? {
        if case .number(let n)? = cell { return n }
        return nil
    }

    @Test func theKnownSessionCountsTheRemarkTwoWritersNotedOnce() throws {
        let folder = TempFolder()
        let store = try folder.store()
        _ = try store.merge(paths: try Fixture.writeAll(in: folder))
        // n1 (note-taker, 10:00:25) and c2 (facilitator, 10:00:30) are P2 on meet-amir 5 s apart: one remark.
        let report = try store.report(Scope(sessions: [Fixture.sessionA]))
        let overview = try #require(report.table("overview"))
        #expect(number(overview.row("comments")?["value"]) == 6)
        #expect(number(overview.row("remarks")?["value"]) == 5)
        #expect(report.table("prompts")!.row("meet-amir")?["remarks"]?.plain == "2")
        #expect(report.table("participants")!.column("remarks").map(\.plain) == ["2", "1", "0", "1"])
        #expect(report.table("writers")!.rows.map { $0.map(\.plain) } == [["facilitator", "3", "1", "2"], ["note-taker-1", "3", "1", "2"]])
        // The remark's codes are both comments' codes: trust, privacy, proxy, letters.
        #expect(report.table("co-occurrence")!.rows.contains { $0.map(\.plain) == ["letters", "trust", "1"] })
        #expect(number(report.table("codes")!.row("trust")?["remarks"]) == 2)
        let byComment = try store.report(Scope(sessions: [Fixture.sessionA]), counting: .comments)
        #expect(number(byComment.table("overview")!.row("comments")?["value"]) == 6)
        #expect(byComment.table("prompts")!.row("meet-amir")?["comments"]?.plain == "3")
        let csv = try CSVReader.parse(try store.export(.csv, scope: Scope(sessions: [Fixture.sessionA])))
        let remarkOf = Dictionary(uniqueKeysWithValues: csv.dropFirst().map { ($0[0], $0[18]) })
        #expect(csv[0].last == "remark_id")
        #expect(remarkOf["c2"] == "n1" && remarkOf["n1"] == "n1" && remarkOf["c1"] == "c1")
    }

    /// A session of three writers who each note most remarks, at their own pace and in their own words.
    static func generatedLogs(seed: UInt64) -> [Fixture.Log] {
        var generator = SeededGenerator(seed: seed)
        let workshop = Fixture.workshop(deckID: "remark-test", sha: "sha-remark")
        let writers = ["facilitator", "note-taker-1", "note-taker-2"]
        let words = ["son", "login", "trust", "GP", "app", "letters", "paper", "nurse", "data", "results", "phone", "daughter"]
        let codes = ["access", "proxy", "trust", "privacy", "letters", "results-timing"]
        var notes: [String: [(at: Int, body: EventBody)]] = [:]
        for writer in writers { notes[writer] = [(0, .sessionStarted(SessionStart(workshop: workshop)))] }
        for (index, person) in ["P1", "P2", "P3", "P4", "P5", "P6"].enumerated() {
            notes["facilitator"]!.append((1, .participantAdded(participant: person, attributes: ["table": index < 3 ? "1" : "2"])))
        }
        for remark in 0..<150 {
            let said = 20 + remark * 12 + Int.random(in: 0..<10, using: &generator)
            let prompt = ["meet-amir", "nhs-results", "q-trust"][min(2, remark / 50)]
            let speaker = Int.random(in: 0..<10, using: &generator) == 0 ? nil : "P\(Int.random(in: 1...6, using: &generator))"
            let gist = (0..<4).map { _ in words.randomElement(using: &generator)! }
            let gistCodes = Array(codes.shuffled(using: &generator).prefix(Int.random(in: 0...2, using: &generator)))
            for writer in writers where Int.random(in: 0..<10, using: &generator) < 7 {
                let text = (gist.shuffled(using: &generator).prefix(3) + [words.randomElement(using: &generator)!]).joined(separator: " ")
                var tags = gistCodes.filter { _ in Int.random(in: 0..<4, using: &generator) > 0 }
                if Int.random(in: 0..<5, using: &generator) == 0 { tags.append(codes.randomElement(using: &generator)!) }
                let id = "\(writer.prefix(1))\(writer.suffix(1))-\(remark)"
                notes[writer]!.append((said + Int.random(in: 0..<40, using: &generator),
                                       Fixture.comment(id, prompt, speaker, text, Array(Set(tags)).sorted())))
                if Int.random(in: 0..<20, using: &generator) == 0 { notes[writer]!.append((said + 45, .commentDeleted(comment: id))) }
            }
        }
        return writers.map { writer in
            var log = Fixture.Log(session: session, writer: writer)
            for note in notes[writer]!.sorted(by: { $0.at < $1.at }) { log.add(note.body, at: note.at) }
            return log
        }
    }

    /// Every per-remark number of the report, recomputed from the CSV export alone: rows sharing a
    /// `remark_id` are one remark, its codes the union of theirs, its table that of the row whose
    /// `comment_id` is the `remark_id`.
    @Test(arguments: [3, 16] as [UInt64])
    func everyNumberRecomputedFromTheCSVExport(seed: UInt64) throws {
        let folder = TempFolder()
        let store = try folder.store()
        let logs = Self.generatedLogs(seed: seed)
        let paths = try logs.enumerated().map { index, log in
            let path = folder.file("log-\(index).jsonl")
            try log.write(to: path)
            return path
        }
        _ = try store.merge(paths: paths)
        let report = try store.report()

        let table = try CSVReader.parse(try store.export(.csv))
        let header = table[0]
        let rows = table.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
        var remarks: [String: [[String: String]]] = [:]
        for row in rows { remarks[row["remark_id"]!, default: []].append(row) }
        func tags(_ remark: [[String: String]]) -> Set<String> {
            Set(remark.flatMap { $0["tags"]!.split(separator: ";").map(String.init) })
        }
        // A remark is one prompt and one speaker; its first comment is in it; no writer twice.
        for (id, remark) in remarks {
            #expect(Set(remark.map { $0["prompt_id"]! }).count == 1 && Set(remark.map { $0["participant"]! }).count == 1)
            #expect(remark.contains { $0["comment_id"] == id })
            #expect(Set(remark.map { $0["writer"]! }).count == remark.count)
        }
        #expect(remarks.values.contains { $0.count == 3 } && remarks.values.contains { $0.count == 1 })

        func value(_ measure: String) -> Int? { number(report.table("overview")?.row(measure)?["value"]) }
        #expect(value("comments") == rows.count)
        #expect(value("remarks") == remarks.count)
        #expect(value("remarks without a code") == remarks.values.filter { tags($0).isEmpty }.count)
        #expect(value("remarks without a participant") == remarks.values.filter { $0[0]["participant"] == "" }.count)

        func counted(_ key: ([[String: String]]) -> [String]) -> [String: String] {
            var counts: [String: Int] = [:]
            for remark in remarks.values { for k in key(remark) { counts[k, default: 0] += 1 } }
            return counts.mapValues(String.init)
        }
        func column(_ id: String, _ name: String) -> [String: String] {
            let t = report.table(id)!
            return Dictionary(uniqueKeysWithValues: zip(t.column(t.columns[0]).map(\.plain), t.column(name).map(\.plain))).filter { $0.value != "0" }
        }
        #expect(column("prompts", "remarks") == counted { [$0[0]["prompt_id"]!] })
        #expect(column("prompts", "untagged").filter { $0.value != "0" } == counted { tags($0).isEmpty ? [$0[0]["prompt_id"]!] : [] })
        #expect(column("codes", "remarks") == counted { Array(tags($0)) })
        #expect(column("participants", "remarks") == counted { $0[0]["participant"]! == "" ? [] : [$0[0]["participant"]!] })
        #expect(column("tables", "remarks") == counted { remark in [remark.first { $0["comment_id"] == $0["remark_id"] }!["table"]!].filter { !$0.isEmpty } })
        var pairs: [String: Int] = [:]
        for remark in remarks.values {
            let sorted = tags(remark).sorted()
            for (i, a) in sorted.enumerated() { for b in sorted[(i + 1)...] { pairs["\(a)+\(b)", default: 0] += 1 } }
        }
        let reported = report.table("co-occurrence")!.rows.map { ("\($0[0].plain)+\($0[1].plain)", Int($0[2].plain)!) }
        #expect(Dictionary(uniqueKeysWithValues: reported) == pairs)
        var writers: [String: [Int]] = [:]
        for row in rows {
            let joined = remarks[row["remark_id"]!]!.count > 1
            writers[row["writer"]!, default: [0, 0, 0]][0] += 1
            writers[row["writer"]!]![joined ? 1 : 2] += 1
        }
        let reportedWriters = report.table("writers")!.rows.map { ($0[0].plain, $0.dropFirst().map { Int($0.plain)! }) }
        #expect(Dictionary(uniqueKeysWithValues: reportedWriters) == writers)
        // The same remarks `parley agreement` matches.
        let units = try store.agreement(session: Self.session).units.map { Set($0.comments.values.map(\.commentID)) }
        #expect(Set(units) == Set(remarks.values.map { Set($0.map { $0["comment_id"]! }) }))
    }

    /// Same logs, merged in either order: byte-identical report and export.
    @Test func theReportByRemarkIsDeterministic() throws {
        func render(reversed: Bool) throws -> String {
            let folder = TempFolder()
            let store = try folder.store()
            let paths = try Self.generatedLogs(seed: 5).enumerated().map { index, log in
                let path = folder.file("log-\(index).jsonl")
                try log.write(to: path)
                return path
            }
            _ = try store.merge(paths: reversed ? paths.reversed() : paths)
            return ReportRenderer.csv(try store.report()) + (try store.export(.csv))
        }
        #expect(try render(reversed: false) == render(reversed: true))
    }
}
