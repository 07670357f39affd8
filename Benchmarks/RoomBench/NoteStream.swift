import BenchReport
import Foundation
import ParleyCore

/// The room's steady chatter while one note-taker types: notes from every other laptop (the other
/// joiners' RoomClients and the facilitator's room) in turn, `perSecond` in all, on a thread, until `stop`.
final class NoteStream: @unchecked Sendable {
    private let condition = NSCondition()
    private var stopped = false
    private let finished = DispatchGroup()

    init(_ room: BenchRoom, from senders: [BenchRoom.Joiner], prompt: String, perSecond: Double) {
        finished.enter()
        let thread = Thread { [self] in
            let start = now()
            var count = 0
            condition.lock()
            while !stopped {
                // Senders in turn: each other joiner, then the facilitator.
                let text = "Samina does the phone, I never open it (stream \(count))"
                if count % (senders.count + 1) == senders.count {
                    room.host.share(room.note(writer: room.facilitator.writer, seq: 1_000 + count, prompt: prompt, text: text))
                } else {
                    let sender = senders[count % (senders.count + 1)]
                    sender.connection.send(room.note(writer: sender.writer, seq: 1_000 + count, prompt: prompt, text: text))
                }
                _ = room.host.drain()
                count += 1
                _ = condition.wait(until: Date(timeIntervalSinceNow: start + Double(count) / perSecond - now()))
            }
            condition.unlock()
            finished.leave()
        }
        thread.start()
    }

    /// Stops the stream (waits at most 2 s for its thread).
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
        _ = finished.wait(timeout: .now() + 2)
    }
}
