import Foundation

/// The logs the store race tests race with, written into a folder: the same for both databases.
public enum RaceScenarios {
    /// Two sessions, five writers, and the four overlapping shares of their logs four processes merge at
    /// once, two shares holding an early copy of the facilitator's log (a file taken while the session was
    /// running). `events`: how many different events they hold.
    public static func overlappingShares(in folder: String) throws -> (shares: [[String]], events: Int) {
        func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name + ".jsonl") }
        var logs: [RaceLog] = []
        for (index, (session, writer)) in [("a", "facilitator"), ("a", "ana"), ("a", "ben"), ("b", "facilitator"), ("b", "cy")].enumerated() {
            var log = RaceLog(session: "5e55e55e-0000-4000-8000-00000000000\(session)", writer: writer, seed: UInt64(index))
            log.addComments(150, speakers: ["P1", "P2", "P3", "P4"])
            try log.write(to: path("\(index)"))
            logs.append(log)
        }
        try logs[0].write(to: path("0-early"), first: logs[0].events.count / 2)
        let shares = [["0", "1", "2"], ["2", "3", "0-early"], ["4", "0", "3"], ["1", "4", "0-early", "2"]].map { $0.map(path) }
        return (shares, logs.map(\.events.count).reduce(0, +))
    }

    /// The session whose participant P3 is withdrawn while a merge runs.
    public static let withdrawalSession = "5e55e55e-0000-4000-8000-0000000000c1"

    /// Three writers' logs of `withdrawalSession`, P3 speaking in every one.
    public static func withdrawal(in folder: String) throws -> [String] {
        try ["facilitator", "ana", "ben"].enumerated().map { index, writer in
            var log = RaceLog(session: withdrawalSession, writer: writer, seed: 10 + UInt64(index))
            log.addComments(200, speakers: ["P1", "P2", "P3", "P4", "P5"])
            let path = (folder as NSString).appendingPathComponent("\(writer).jsonl")
            try log.write(to: path)
            return path
        }
    }

    /// A small log to merge first, and the large merge after it: a note-taker's log of the small one's
    /// session and two new sessions of `comments` comments each. `events`: how many the store then holds.
    public static func largeMerge(in folder: String, comments: Int) throws -> (small: String, large: [String], events: Int) {
        func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name + ".jsonl") }
        var small = RaceLog(session: "5e55e55e-0000-4000-8000-0000000000d1", writer: "facilitator", seed: 20)
        small.addComments(100, speakers: ["P1", "P2", "P3"])
        var noteTaker = RaceLog(session: small.session, writer: "ana", seed: 21)
        noteTaker.addComments(100, speakers: ["P1", "P2", "P3"])
        var logs = [(small, "small"), (noteTaker, "note-taker")]
        for (index, session) in ["5e55e55e-0000-4000-8000-0000000000d2", "5e55e55e-0000-4000-8000-0000000000d3"].enumerated() {
            var log = RaceLog(session: session, writer: "facilitator", seed: 22 + UInt64(index))
            log.addComments(comments, speakers: ["P1", "P2", "P3", "P4", "P5", "P6"])
            logs.append((log, "large-\(index)"))
        }
        for (log, name) in logs { try log.write(to: path(name)) }
        return (path("small"), logs.dropFirst().map { path($0.1) }, logs.map(\.0.events.count).reduce(0, +))
    }
}
