import BenchReport
import Foundation
import ParleyApp
import ParleyCore
import TerminalUI

// The room's benchmarks, on 127.0.0.1 only, in one process: a facilitator's room and 8 note-takers,
// each a real RoomClient feeding the real capture screen in the real loop on an in-memory terminal.
// One line per measure, as ParleyBench prints them: name, value, unit, the reference measured in
// this same run, ratio, goal. Run with `make bench` (release build).

/// Milliseconds from the moment an event went to the room until each joiner's loop took it in, and drew it.
struct Latencies {
    var drained: [Double] = [], drawn: [Double] = []
    var missed = 0

    mutating func add(_ seen: [Int: Sightings.Seen], since start: Double, expected: Int) {
        drained += seen.values.compactMap { $0.drained.map { ($0 - start) * 1000 } }
        drawn += seen.values.compactMap { $0.drawn.map { ($0 - start) * 1000 } }
        missed += expected - seen.values.filter { $0.drawn != nil }.count
    }

    func report(_ what: String, goal: String) {
        BenchReport.report("\(what) p99", percentile(drawn, 0.99), "ms", reference: percentile(drained, 0.99), referenceName: "taken in by the joiner's loop (p99 ms)", goal: goal)
        BenchReport.report("\(what) p50", percentile(drawn, 0.5), "ms", reference: percentile(drained, 0.5), referenceName: "taken in by the joiner's loop (p50 ms)", goal: "-")
        if missed > 0 { print("  \(what): \(missed) of \(drawn.count + missed) frames did not come within 2 s (left out)") }
    }
}

/// Pauses 20–30 ms: the room's changes come at a steady pace, at every phase of the joiners' wake-ups.
func pace() { usleep(UInt32.random(in: 20_000...30_000)) }

/// 1. The facilitator moves on `changes` times; each joiner's frame must show the new prompt's position.
func follow(_ room: BenchRoom, _ sightings: Sightings, changes: Int) throws -> Latencies {
    var latencies = Latencies()
    for n in 1...changes {
        let index = n % room.prompts.count
        let position = " \(index + 1)/\(room.prompts.count) "
        let event = try room.facilitator.record(.promptShown(prompt: room.prompts[index].id))
        sightings.expect(eventID: event.id) { $0.line(0).contains(position) }
        let start = now()
        room.host.share(event)
        latencies.add(sightings.wait(joiners: room.joiners.count, seconds: 2), since: start, expected: room.joiners.count)
        _ = room.host.drain()
        pace()
    }
    return latencies
}

/// 2. Each joiner in turn saves a note; every other joiner's feed (F3) must show its words.
func feed(_ room: BenchRoom, _ sightings: Sightings, notes: Int, prompt: String) -> Latencies {
    for joiner in room.joiners where joiner.terminal.press(.function(3)) == nil { print("  \(joiner.writer): the feed did not open") }
    var latencies = Latencies()
    for n in 0..<notes {
        let sender = room.joiners[n % room.joiners.count]
        let words = String(format: "feed-%05d", n)
        let event = room.note(writer: sender.writer, seq: 1_000 + n, prompt: prompt, text: "I'd never know which app to open (\(words))")
        sightings.expect(eventID: event.id) { $0.text().contains(words) }
        let start = now()
        sender.connection.send(event)
        latencies.add(sightings.wait(joiners: room.joiners.count - 1, seconds: 2), since: start, expected: room.joiners.count - 1)
        _ = room.host.drain()
        pace()
    }
    return latencies
}

/// 3. ParleyBench's typing sequence, one key at a time at a random 0–4 ms after the last frame:
/// milliseconds from each key press to its frame.
func keyToFrame(_ terminal: BenchTerminal, rounds: Int) -> [Double] {
    let keys: [Key] = Array("P3: which app do I open for my kidney results #fragmentation".map { Key.character($0) })
        + [.enter, .up, .up, .down, .escape, .pageDown, .pageUp, .alt("t"), .control("z")]
    var samples: [Double] = [], missed = 0
    for _ in 0..<rounds {
        for key in keys {
            usleep(UInt32.random(in: 0...4_000))
            if let seconds = terminal.press(key) { samples.append(seconds * 1000) } else { missed += 1 }
        }
    }
    if missed > 0 { print("  key-to-frame: \(missed) keys got no frame within 2 s (left out)") }
    return samples
}

let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let demoDeck = repository.appendingPathComponent("Decks/demo.yaml").path
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-room-bench-\(UUID().uuidString)").path
defer { try? FileManager.default.removeItem(atPath: folder) }

// 1 and 2: follow and feed, in a room of 8 note-takers writing their own fsynced logs.
let sightings = Sightings()
let joiners = 8, changes = 1_000, notes = 1_000
let room = try BenchRoom(deck: demoDeck, folder: folder + "/room", joiners: joiners, sightings: sightings)
let followed = try follow(room, sightings, changes: changes)
let fed = feed(room, sightings, notes: notes, prompt: room.prompts[changes % room.prompts.count].id)
room.close()
followed.report("follow, \(joiners) joiners x \(changes)", goal: "<= 50 ms")
fed.report("feed, \(joiners - 1) readers x \(notes)", goal: "<= 50 ms")

// 3. Key to frame of a note-taker on its own, then of the same note-taker in a room where the 7
// other joiners and the facilitator save 20 notes a second; in alternate blocks, each on a fresh
// screen, so the machine's other load falls on both alike. Saves go to memory in both.
var withoutRoom: [Double] = [], inRoom: [Double] = []
for block in 0..<8 {
    var alone = try CaptureSetup.prepare(.init(deck: demoDeck, logPath: "\(folder)/alone-\(block).jsonl", writer: "note-taker-1", sessionID: nil, resume: nil))
    alone.recorder = MemoryRecorder(sessionID: alone.recorder.sessionID, writer: "note-taker-1")
    let aloneTerminal = BenchTerminal(), aloneRunning = DispatchGroup()
    runScreen(alone, on: aloneTerminal, room: nil, group: aloneRunning)
    guard aloneTerminal.awaitFirstFrame(seconds: 5) else { throw BenchError(description: "the note-taker alone drew no frame within 5 s") }
    withoutRoom += keyToFrame(aloneTerminal, rounds: 5)
    aloneTerminal.close()
    _ = aloneRunning.wait(timeout: .now() + 10)

    let streaming = try BenchRoom(deck: demoDeck, folder: "\(folder)/stream-\(block)", joiners: joiners, sightings: Sightings(), memoryLog: [0])
    let stream = NoteStream(streaming, from: Array(streaming.joiners.dropFirst()), prompt: streaming.prompts[0].id, perSecond: 20)
    inRoom += keyToFrame(streaming.joiners[0].terminal, rounds: 5)
    stream.stop()
    streaming.close()
}
report("key-to-frame p99, room streaming", percentile(inRoom, 0.99), "ms", reference: percentile(withoutRoom, 0.99),
       referenceName: "same note-taker+keys, no room (p99 ms)", goal: "ratio <= 1.1")
report("key-to-frame p50, room streaming", percentile(inRoom, 0.5), "ms", reference: percentile(withoutRoom, 0.5),
       referenceName: "same note-taker+keys, no room (p50 ms)", goal: "-")
