import Foundation
@testable import ParleyCore

/// A clock stopped at 2025-11-25 12:00:00 UTC.
struct FixedClock: Clock {
    var date = Date(timeIntervalSince1970: 1_764_072_000)
    func now() -> Date { date }
    func monotonicMilliseconds() -> Int { 5_000 }
}

func temporaryLogPath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("parley-log-\(UUID().uuidString)/session.jsonl").path
}

func comment(_ n: Int, text: String = "P1 said something") -> EventBody {
    .commentAdded(CommentPayload(comment: "c\(n)", prompt: "p", participant: "P1", text: text, tags: ["trust"]))
}
