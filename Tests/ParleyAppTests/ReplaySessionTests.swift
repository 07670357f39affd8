import Foundation
import Testing
@testable import ParleyApp
@testable import ParleyCore
@testable import ParleyLog

@Suite struct ReplaySessionTests {
    /// The reference, written independently of `ReplaySession`: sort by (at, writer, seq), drop
    /// repeated ids; the state at `time` applies, from scratch, every event up to that time.
    struct Reference {
        let ordered: [Event]
        let times: [Int]
        init(_ events: [Event]) {
            var seen = Set<String>()
            ordered = events.filter { seen.insert($0.id).inserted }.sorted { ($0.at, $0.writer, $0.seq, $0.id) < ($1.at, $1.writer, $1.seq, $1.id) }
            let origin = Timestamp.date(ordered[0].at)!.timeIntervalSince1970
            times = ordered.map { Int(((Timestamp.date($0.at)!.timeIntervalSince1970 - origin) * 1000).rounded()) }
        }
        func state(at time: Int) -> SessionState {
            SessionState(events: ordered.indices.lazy.filter { self.times[$0] <= time }.map { self.ordered[$0] })
        }
    }

    @Test(arguments: [(UInt64(1), 1), (2, 7), (3, 64), (4, 2048)])
    func stateAtAnyTimeEqualsStateFromScratch(seed: UInt64, interval: Int) throws {
        let events = ReplayGenerator.events(count: 800, seed: seed)
        let reference = Reference(events)
        let session = try ReplaySession(events: events, checkpointInterval: interval)
        #expect(session.events.map(\.id) == reference.ordered.map(\.id))
        var model = ReplayModel(session: session)
        var rng = SeededGenerator(seed: seed &* 31)
        // Random seeks backwards and forwards, plus the edges and the exact times of events.
        var times = (0..<60).map { _ in Int.random(in: -5_000...(session.duration + 5_000), using: &rng) }
        times += [0, session.duration, session.times[session.count / 2], session.times[session.count / 2] - 1, session.times[1] + 1]
        for time in times {
            model.seek(to: time)
            let clamped = min(max(0, time), session.duration)
            let expected = StateDigest(reference.state(at: clamped))
            #expect(StateDigest(model.state) == expected, "state differs at \(clamped) ms")
            #expect(StateDigest(session.state(at: clamped)) == expected)
            #expect(model.appliedCount == expected.eventCount)
        }
        // Playing forwards in small steps agrees too.
        model.seek(to: 0)
        var time = 0
        while time < session.duration {
            time += Int.random(in: 0...120_000, using: &rng)
            model.seek(to: time)
            #expect(StateDigest(model.state) == StateDigest(reference.state(at: min(time, session.duration))))
        }
    }

    @Test func readsTimesLikeTimestamp() {
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<2000 {
            let date = Date(timeIntervalSince1970: Double(Int64.random(in: 0...4_102_444_800_000, using: &rng)) / 1000)
            let at = Timestamp.string(date)
            #expect(Timestamp.milliseconds(at) == Int((Timestamp.date(at)!.timeIntervalSince1970 * 1000).rounded()), "\(at)")
        }
        for bad in ["", "2025-11-25 12:00:00.000Z", "2025-13-25T12:00:00.000Z", "2025-11-25T12:00:00.00Z", "2025-11-25T1a:00:00.000Z"] {
            #expect(Timestamp.milliseconds(bad) == nil)
        }
    }

    @Test func ordersWritersByTimeAndDropsRepeats() throws {
        let events = ReplayScript.workshop()
        let session = try ReplaySession(events: (events + events.prefix(5)).shuffled())
        #expect(session.events.map(\.id) == events.sorted { ($0.at, $0.writer, $0.seq) < ($1.at, $1.writer, $1.seq) }.map(\.id))
        #expect(session.count == events.count)
        #expect(session.issues.count == 1)
        #expect(session.duration == 900_000)
        #expect(session.writers == ["ana", "facilitator"])
        #expect(session.roomWriter == "facilitator")
        // The room's prompts come from the facilitator only (ana's own paging is not what the room saw).
        #expect(session.promptChanges.map(\.time) == [0, 120_000, 540_000, 720_000])
        #expect(session.promptChanges.map(\.promptIndex) == [0, 1, 2, 1])
        #expect(session.commentAdds.count == 9)
        #expect(session.markerIndices.map { session.times[$0] } == [220_000, 800_000])
        #expect(session.commentsByPrompt["meet-amir"]?.ids == ["c3", "c4", "c5", "c6", "c9"])
        #expect(session.commentsByPrompt["meet-amir"]?.eventIndices.map { session.times[$0] } == [150_000, 165_000, 180_000, 210_000, 750_000])
    }

    @Test func loadsSeveralLogsAndRefusesMixedSessions() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let events = ReplayScript.workshop()
        var paths: [String] = []
        for writer in ["facilitator", "ana"] {
            let path = directory.appendingPathComponent("\(writer).jsonl").path
            let log = try LogWriter(path: path)
            for event in events where event.writer == writer { try log.append(event) }
            log.close()
            paths.append(path)
        }
        let session = try ReplaySession.load(paths: paths.reversed() + [paths[0]])
        #expect(session.count == events.count)
        #expect(session.state(afterEvents: session.count).liveComments.count == 8)

        // A torn last line is reported, everything before it kept.
        let torn = directory.appendingPathComponent("torn.jsonl").path
        try (String(contentsOfFile: paths[0], encoding: .utf8) + "{\"v\":1,\"id\":\"x").write(toFile: torn, atomically: true, encoding: .utf8)
        let tornSession = try ReplaySession.load(paths: [torn])
        #expect(tornSession.issues.first?.contains("torn last line") == true)

        // Another session's log is refused with both ids named.
        var other = events.filter { $0.writer == "ana" }
        for i in other.indices { other[i].session = "5e55e55e-0000-4000-8000-000000000002"; other[i].id += "-other" }
        let otherPath = directory.appendingPathComponent("other.jsonl").path
        let log = try LogWriter(path: otherPath)
        for event in other { try log.append(event) }
        log.close()
        #expect(throws: UserError.self) { try ReplaySession.load(paths: [paths[0], otherPath]) }
        do { _ = try ReplaySession.load(paths: [paths[0], otherPath]) } catch let error as UserError {
            #expect(error.description.contains("2 sessions") && error.description.contains("other.jsonl"))
        }
        // Something that is not a log, and a log without session.started.
        let notes = directory.appendingPathComponent("notes.txt").path
        try "shopping list\n".write(toFile: notes, atomically: true, encoding: .utf8)
        #expect(throws: UserError.self) { try ReplaySession.load(paths: [notes]) }
        #expect(throws: UserError.self) { try ReplaySession(events: events.filter { $0.type != "session.started" }).count }
    }

    @Test func replayNeverWritesTheLog() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("log.jsonl").path
        let log = try LogWriter(path: path)
        for event in ReplayScript.workshop() { try log.append(event) }
        log.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let attributesBefore = try FileManager.default.attributesOfItem(atPath: path)
        var model = ReplayModel(session: try ReplaySession.load(paths: [path]))
        model.press(.character(" "), .end, .home, .character("n"), .character("q"))
        _ = Transcript(model.session).render(.md)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date == attributesBefore[.modificationDate] as? Date)
    }
}
