import Foundation
import ParleyCore
import Synchronization

/// What the room brings the app. The network posts it from its own thread; the app's loop takes it
/// between frames, so capture never waits for the network.
public enum RoomInbound: Sendable, Equatable {
    /// An event saved on another laptop, the first time it arrives (duplicates are dropped by id).
    case event(Event)
    /// Host: the writers connected now.
    case joined([String])
    /// Joiner: the state of its connection to the room.
    case link(RoomLink)
    /// Joiner: the room's session and facilitator.
    case welcome(RoomMessage.Welcome)
    /// Joiner: how far its clock is from the facilitator's, measured after each (re)connection.
    case clock(ClockOffset)
    /// Joiner: a file of the deck (a screenshot) from the room.
    case asset(RoomMessage.Asset)
    /// Something dropped or refused, in words (for the room's status line and log).
    case notice(String)
}

/// A joiner's connection to the room.
public enum RoomLink: Sendable, Equatable {
    case connecting
    case connected
    /// Lost; the next attempt is in `retryInMilliseconds`.
    case lost(reason: String, retryInMilliseconds: Int)
    /// The room will not take us (wrong code, full, name taken): no retry.
    case refused(String)
}

/// A queue between the network's thread and the app's.
final class RoomInbox: Sendable {
    private let items = Mutex<[RoomInbound]>([])

    func post(_ item: RoomInbound) { items.withLock { $0.append(item) } }

    func drain() -> [RoomInbound] {
        items.withLock { items in
            defer { items.removeAll(keepingCapacity: true) }
            return items
        }
    }
}
