import Foundation
import ParleyCore
import ParleyLog
@testable import ParleyReports
@testable import ParleyStore

/// A temporary folder, removed when the value is released.
final class TempFolder {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "parley-store-tests-" + UUID().uuidString.lowercased()
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// A fresh store in this folder.
    func store(_ name: String = "parley.sqlite") throws -> Store { try Store(path: file(name), mode: .create) }

    func write(_ text: String, to name: String) -> String {
        let path = file(name)
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    func write(bytes: [UInt8], to name: String) -> String {
        let path = file(name)
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }
}

enum Fixture {
    static let sessionA = "aaaaaaaa-1111-4111-8111-111111111111"
    static let sessionB = "bbbbbbbb-2222-4222-8222-222222222222"

    static func workshop(deckID: String = "phr-test", format: DeckFormat = .workshop, sha: String = "sha-1") -> Workshop {
        let prompts = [
            Prompt(id: "welcome", kind: .section, title: "Welcome"),
            Prompt(id: "meet-amir", kind: .persona, title: "Meet Amir", questions: ["What would help Amir?"], persona: "amir"),
            Prompt(id: "nhs-results", kind: .screenshot, title: "NHS App results", image: "screens/nhs-results.png",
                   alt: "The results page of the NHS App."),
            Prompt(id: "q-trust", kind: .question, title: "Who do you trust with your record?"),
        ]
        let deck = Deck(id: deckID, title: "PHR test workshop", codebook: "codebook/test.yaml", format: format,
                        rounds: format == .worldCafe ? 2 : nil, tables: format == .worldCafe ? 2 : nil, prompts: prompts)
        let personas = [Persona(id: "amir", name: "Amir", age: 58, summary: "Kidney patient.")]
        let codebook = Codebook(id: "test", title: "Test codes", groups: [
            CodeGroup(id: "using", label: "Using the apps", codes: [
                Code(tag: "access", label: "Access", description: "Getting in.", key: "a"),
                Code(tag: "proxy", label: "Proxy access", description: "Someone else logs in."),
            ]),
            CodeGroup(id: "feelings", label: "Feelings", codes: [
                Code(tag: "trust", label: "Trust", description: "Who is trusted."),
                Code(tag: "privacy", label: "Privacy", description: "Who sees what."),
            ]),
        ])
        return Workshop(deck: deck, personas: personas, codebook: codebook, sha256: sha)
    }

    /// Stamps events for one writer of one session: ids, seq, wall clock (1 s apart) and mono.
    struct Log {
        let session: String
        let writer: String
        var seq = 0
        var startMilliseconds: Int64
        var events: [Event] = []

        init(session: String, writer: String, startMilliseconds: Int64 = 1_741_082_400_000) {
            self.session = session; self.writer = writer; self.startMilliseconds = startMilliseconds
        }

        @discardableResult
        mutating func add(_ body: EventBody, at offsetSeconds: Int? = nil) -> Event {
            seq += 1
            let offset = Int64(offsetSeconds ?? seq) * 1000
            let date = Date(timeIntervalSince1970: Double(startMilliseconds + offset) / 1000)
            let event = Event(id: "\(session.prefix(8))-\(writer)-\(seq)", session: session, writer: writer, seq: seq,
                              at: Timestamp.string(date), mono: Int(offset), body: body)
            events.append(event)
            return event
        }

        /// Writes the log with ParleyLog's writer, as `parley run` would.
        func write(to path: String) throws {
            let writer = try LogWriter(path: path)
            defer { writer.close() }
            for event in events { try writer.append(event) }
        }
    }

    static func comment(_ id: String, _ prompt: String, _ participant: String?, _ text: String, _ tags: [String],
                        table: String? = nil, round: Int? = nil) -> EventBody {
        .commentAdded(CommentPayload(comment: id, prompt: prompt, participant: participant, text: text, tags: tags,
                                     table: table, round: round))
    }

    /// The known session of the report tests: a facilitator and a note-taker, edits, tags and undo.
    static func knownSession() -> (facilitator: Log, noteTaker: Log) {
        let workshop = workshop()
        var f = Log(session: sessionA, writer: "facilitator")
        f.add(.sessionStarted(SessionStart(workshop: workshop)), at: 0)
        f.add(.participantAdded(participant: "P1", attributes: ["role": "patient"]), at: 5)
        f.add(.promptShown(prompt: "meet-amir"), at: 10)
        f.add(comment("c1", "meet-amir", "P1", "Amir would need his son to log in, he can't do passwords", ["access", "proxy"]), at: 20)
        f.add(comment("c2", "meet-amir", "P2", "I trust the GP more than the app", ["trust"]), at: 30)
        f.add(.promptShown(prompt: "nhs-results"), at: 40)
        f.add(comment("c3", "nhs-results", "P1", "Results before the doctor calls is frightening", ["trust", "privacy"]), at: 50)
        f.add(comment("c4", "nhs-results", "P3", "typo line", ["access"]), at: 60)
        f.add(.commentDeleted(comment: "c4"), at: 61)
        f.add(.commentEdited(comment: "c3", participant: "P1", text: "Results before the doctor calls are frightening",
                             tags: ["trust", "results-timing"]), at: 70)
        f.add(.commentUntagged(comment: "c1", tag: "proxy"), at: 80)
        f.add(.commentTagged(comment: "c2", tag: "privacy"), at: 90)
        f.add(.marker(label: "good quote"), at: 95)
        f.add(.promptShown(prompt: "q-trust"), at: 100)
        f.add(.sessionEnded(reason: "done"), at: 3600)

        var n = Log(session: sessionA, writer: "note-taker-1")
        n.add(.sessionStarted(SessionStart(workshop: workshop)), at: 2)
        n.add(comment("n1", "meet-amir", "P2", "Son helps with the letters, \"always\"", ["proxy", "letters"]), at: 25)
        n.add(comment("n2", "q-trust", nil, "Room agrees: not sure who sees the data", ["privacy"]), at: 110)
        n.add(comment("n3", "q-trust", "P4", "Never used it", []), at: 120)
        n.add(.commentDeleted(comment: "n3"), at: 121)
        n.add(.commentRestored(comment: "n3"), at: 122)
        return (f, n)
    }

    /// A second, World Café session with tables and rounds.
    static func cafeSession() -> Log {
        var log = Log(session: sessionB, writer: "host-1", startMilliseconds: 1_741_168_800_000)
        log.add(.sessionStarted(SessionStart(workshop: workshop(deckID: "cafe-test", format: .worldCafe, sha: "sha-cafe"))), at: 0)
        log.add(.participantAdded(participant: "P1", attributes: ["table": "1"]), at: 1)
        log.add(.participantAdded(participant: "P2", attributes: ["table": "2"]), at: 2)
        log.add(.roundStarted(round: 1), at: 3)
        log.add(comment("w1", "q-trust", "P1", "Pharmacists, not apps", ["trust"], table: "1", round: 1), at: 10)
        log.add(comment("w2", "q-trust", "P2", "Privacy, commas, \"quotes\"\nand a new line", ["privacy", "trust"], table: "2", round: 1), at: 20)
        log.add(.roundStarted(round: 2), at: 30)
        log.add(comment("w3", "q-trust", "P1", "اردو میں بھی ہونا چاہیے 🙂 zażółć", ["access"], table: "1", round: 2), at: 40)
        log.add(comment("w4", "q-trust", "P2", "Table from the participant", ["access"], round: 2), at: 50)
        return log
    }

    /// Writes the three fixture logs into `folder`; returns their paths.
    static func writeAll(in folder: TempFolder) throws -> [String] {
        let (f, n) = knownSession()
        let paths = [folder.file("a-facilitator.jsonl"), folder.file("a-note-taker-1.jsonl"), folder.file("b-host-1.jsonl")]
        try f.write(to: paths[0])
        try n.write(to: paths[1])
        try cafeSession().write(to: paths[2])
        return paths
    }

    /// Every raw line the store holds, as its chunks hold them (byte for byte, not decoded).
    static func storedLines(_ store: Store) throws -> [String] {
        try store.read { db in
            let stored = try StoredLines.read(db, session: nil)
            return stored.file.lines.indices.map { index in stored.withLine(index) { String(decoding: $0, as: UTF8.self) } }
        }
    }

    /// How many stored lines hold `text`.
    static func storedLines(_ store: Store, containing text: String) throws -> Int {
        try storedLines(store).filter { $0.contains(text) }.count
    }

    /// Everything a researcher can get out of the store, as text, for comparing stores.
    static func everything(_ store: Store) throws -> String {
        var out = ""
        for session in try store.sessions() { out += "\(session)\n" }
        for format in ExportFormat.allCases { out += try store.export(format) }
        out += ReportRenderer.text(try store.report())
        out += ReportRenderer.csv(try store.report())
        for word in ["trust", "app*", "son"] {
            out += try store.search(word).hits.map { "\($0)" }.joined(separator: "\n")
        }
        return out
    }
}

/// A strict RFC 4180 reader, for checking what the exports write.
enum CSVReader {
    struct Failure: Error, CustomStringConvertible { var description: String }

    static func parse(_ text: String) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field: [UInt8] = []
        let bytes = Array(text.utf8)
        var i = 0
        var quoted = false
        var fieldStarted = false
        func endField() { row.append(String(decoding: field, as: UTF8.self)); field = []; fieldStarted = false }
        while i < bytes.count {
            let b = bytes[i]
            if quoted {
                if b == 0x22 {
                    if i + 1 < bytes.count, bytes[i + 1] == 0x22 { field.append(0x22); i += 2; continue }
                    quoted = false; i += 1
                    guard i == bytes.count || bytes[i] == 0x2C || bytes[i] == 0x0D else {
                        throw Failure(description: "text after a closing quote at byte \(i)")
                    }
                    continue
                }
                field.append(b); i += 1
                continue
            }
            switch b {
            case 0x22:
                guard !fieldStarted, field.isEmpty else { throw Failure(description: "quote inside an unquoted field at byte \(i)") }
                quoted = true; fieldStarted = true; i += 1
            case 0x2C:
                endField(); i += 1
            case 0x0D:
                guard i + 1 < bytes.count, bytes[i + 1] == 0x0A else { throw Failure(description: "CR without LF at byte \(i)") }
                endField(); rows.append(row); row = []; i += 2
            case 0x0A:
                throw Failure(description: "bare LF outside quotes at byte \(i)")
            default:
                field.append(b); fieldStarted = true; i += 1
            }
        }
        guard !quoted else { throw Failure(description: "unterminated quoted field") }
        if fieldStarted || !row.isEmpty { endField(); rows.append(row) }
        return rows
    }
}

extension Fixture {
    /// A facilitator who pages meet-amir → nhs-results → back to meet-amir → q-trust, with comments and
    /// markers, and a note-taker whose laptop clock is `noteTakerAhead` seconds fast (every `at` in
    /// their log that far ahead). When `measured` is given, the note-taker's log records that
    /// `clock.offset` (ms) after their first note, as a joiner that measured late would. Times below
    /// are true times, in seconds after the start.
    static func clockSession(noteTakerAhead: Int, measured: Int?) -> (facilitator: Log, noteTaker: Log) {
        let workshop = workshop()
        var f = Log(session: sessionA, writer: "facilitator")
        f.add(.sessionStarted(SessionStart(workshop: workshop)), at: 0)
        f.add(.promptShown(prompt: "meet-amir"), at: 10)
        f.add(comment("c1", "meet-amir", "P1", "Amir's son logs in for him", ["proxy"]), at: 20)
        f.add(comment("c2", "meet-amir", "P2", "I trust the GP more", ["trust"]), at: 30)
        f.add(.promptShown(prompt: "nhs-results"), at: 40)
        f.add(comment("c3", "nhs-results", "P1", "Results before the call are frightening", ["trust"]), at: 50)
        f.add(.marker(label: "strong quote"), at: 55)
        f.add(.promptShown(prompt: "meet-amir"), at: 60)
        f.add(comment("c4", "meet-amir", "P3", "Back to Amir: his daughter helps", ["proxy"]), at: 75)
        f.add(.marker(label: "wrap up Amir"), at: 95)
        f.add(.promptShown(prompt: "q-trust"), at: 100)
        f.add(comment("c5", "q-trust", nil, "Nobody knows who sees the data", ["privacy"]), at: 110)
        f.add(.sessionEnded(reason: "quit"), at: 200)

        var n = Log(session: sessionA, writer: "note-taker-1", startMilliseconds: 1_741_082_400_000 + Int64(noteTakerAhead) * 1000)
        n.add(.sessionStarted(SessionStart(workshop: workshop)), at: 2)
        n.add(comment("n1", "meet-amir", "P2", "Son does the letters too", ["proxy"]), at: 25)
        if let measured { n.add(.clockOffset(offset: measured, roundTrip: 4, reference: "facilitator"), at: 26) }
        n.add(comment("n2", "nhs-results", "P1", "Would rather hear it from a person", ["trust"]), at: 45)
        n.add(.marker(label: "note-taker: P1 upset"), at: 58)
        n.add(comment("n3", "meet-amir", "P2", "Amir again: the son is away a lot", ["access"]), at: 65)
        n.add(comment("n4", "q-trust", "P4", "Only my pharmacist", ["trust"]), at: 105)
        return (f, n)
    }
}
