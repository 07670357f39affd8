import Foundation
import ParleyApp
import ParleyCore
import TerminalUI

/// What the benchmark waits for on the joiners' screens: one event, and a text that shows it is
/// drawn (the new prompt's position in the header, a note's words in the feed). For each joiner,
/// when its loop took the event in from the room and when it first drew a frame showing it.
final class Sightings: @unchecked Sendable {
    struct Seen { var drained: Double?, drawn: Double? }

    private let condition = NSCondition()
    private var eventID: String?
    private var shows: (Screen) -> Bool = { _ in false }
    private var seen: [Int: Seen] = [:]

    /// Starts watching for `eventID`, drawn when `shows` holds for a frame; forgets the last watch.
    func expect(eventID: String, shows: @escaping (Screen) -> Bool) {
        condition.lock()
        self.eventID = eventID; self.shows = shows; seen = [:]
        condition.unlock()
    }

    /// A joiner's loop took `messages` in from the room at `time`.
    func drained(_ messages: [Message], joiner: Int, at time: Double) {
        condition.lock()
        defer { condition.unlock() }
        guard let eventID, seen[joiner]?.drained == nil else { return }
        for case .roomEvents(let events) in messages where events.contains(where: { $0.id == eventID }) {
            seen[joiner, default: Seen()].drained = time
        }
    }

    /// A joiner's loop drew `screen` at `time`. The screen is read outside the lock: the joiners draw at once.
    func drew(_ screen: Screen, joiner: Int, at time: Double) {
        condition.lock()
        let watched = eventID, shows = self.shows, wanted = eventID != nil && seen[joiner]?.drawn == nil
        condition.unlock()
        guard wanted, shows(screen) else { return }
        condition.lock()
        if eventID == watched, seen[joiner]?.drawn == nil { seen[joiner, default: Seen()].drawn = time }
        condition.broadcast()
        condition.unlock()
    }

    /// Waits (at most `seconds`) until `joiners` joiners drew it; what each saw, by joiner.
    func wait(joiners: Int, seconds: Double) -> [Int: Seen] {
        condition.lock()
        defer { eventID = nil; condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: seconds)
        while seen.values.filter({ $0.drawn != nil }).count < joiners, condition.wait(until: deadline) {}
        return seen
    }
}
