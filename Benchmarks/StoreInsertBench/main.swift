import Foundation
import GRDB
@_spi(Benchmarks) import ParleyStore

// Does the store's hand-written insert path (`BatchInsert`: multi-row statements bound straight to
// SQLite) earn its place? The same rows are inserted into the store's own tables, in one transaction
// each, by BatchInsert and by plain GRDB cached statements; one line per measure with the ratio.
// Run with `make bench` (release build).

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// Deterministic text of roughly `length` bytes, some of it not ASCII.
func text(_ seed: Int, _ length: Int) -> String {
    let words = ["the", "app", "kept", "asking", "me", "to", "log", "in", "again", "Zażółć", "漢字", "میں", "letters", "results", "trust"]
    var out = ""
    var n = seed
    while out.utf8.count < length {
        n = n &* 1_103_515_245 &+ 12_345
        out += words[abs(n >> 16) % words.count] + " "
    }
    return out
}

/// A derived comment row, as Derive writes it.
struct CommentRow {
    var id: String, writer: String, at: String, mono: Int, prompt: String, participant: String?, table: String?
    var round: Int?, text: String, tags: String, edited: Bool, deleted: Bool
}

let commentCount = 150_000
let comments = (0..<commentCount).map { n in
    CommentRow(id: "comment-\(n)", writer: "note-taker-\(n % 3)", at: "2026-11-25T12:00:\(String(format: "%02d", n % 60)).000Z",
               mono: n * 1000, prompt: "prompt-\(n % 20)", participant: n % 7 == 0 ? nil : "P\(n % 12)",
               table: n % 2 == 0 ? "\(n % 4)" : nil, round: n % 3 == 0 ? n % 4 : nil, text: text(n, 120),
               tags: n % 4 == 0 ? "" : "trust;access", edited: n % 10 == 0, deleted: n % 50 == 0)
}
let commentsHead = "INSERT INTO comments (n, session, comment_id, ordinal, writer, at, mono, prompt_id, participant, table_name, round, text, tags, edited, deleted) VALUES"

/// A fresh store file; `body` runs in one write transaction on it and is timed.
func timed(_ body: (Database) throws -> Void) throws -> Double {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-insert-bench-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/parley.sqlite"
    _ = try Store(path: path, mode: .create)
    var configuration = Configuration()
    configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY") }
    let queue = try DatabaseQueue(path: path, configuration: configuration)
    let start = now()
    try queue.write(body)
    return now() - start
}

func commentsByBatchInsert(_ db: Database) throws {
    var insert = BatchInsert(db, head: commentsHead, columns: 15, total: commentCount)
    for (n, row) in comments.enumerated() {
        try insert.bind(1, Int64(n + 1)); try insert.bind(2, "session"); try insert.bind(3, row.id); try insert.bind(4, n + 1)
        try insert.bind(5, row.writer); try insert.bind(6, row.at); try insert.bind(7, row.mono); try insert.bind(8, row.prompt)
        try insert.bind(9, row.participant); try insert.bind(10, row.table); try insert.bind(11, row.round); try insert.bind(12, row.text)
        try insert.bind(13, row.tags); try insert.bind(14, row.edited); try insert.bind(15, row.deleted)
        _ = try insert.endRow()
    }
}

func commentsByGRDB(_ db: Database) throws {
    let insert = try db.cachedStatement(sql: "\(commentsHead) (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
    for (n, row) in comments.enumerated() {
        try insert.execute(arguments: [Int64(n + 1), "session", row.id, n + 1, row.writer, row.at, row.mono, row.prompt,
                                       row.participant, row.table, row.round, row.text, row.tags, row.edited, row.deleted])
    }
}

/// Best of five alternating runs of each, so a busy machine slows both alike.
func compare(_ name: String, rows: Int, hand: (Database) throws -> Void, plain: (Database) throws -> Void) throws {
    var handTimes: [Double] = [], plainTimes: [Double] = []
    for _ in 0..<5 {
        handTimes.append(try timed(hand))
        plainTimes.append(try timed(plain))
    }
    let handRate = Double(rows) / handTimes.min()!, plainRate = Double(rows) / plainTimes.min()!
    func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
    print(pad(name, 34) + String(format: "%10.0f rows/s  reference %-32@ %10.0f rows/s  ratio %5.2f  goal >= 1.3 to keep it",
                                 handRate, "plain GRDB cached statement" as NSString, plainRate, handRate / plainRate))
}

try compare("insert comments, BatchInsert", rows: commentCount, hand: commentsByBatchInsert, plain: commentsByGRDB)

compareLineHashSet()
