// RoomWiring: puts a screen in a room. The network (ParleyRoom) reports in its own terms; the
// screens (ParleyApp) take messages; this is where one becomes the other, with the files a room
// keeps beside a log (its code, its notices, the deck's screenshots).

import Foundation
import ParleyApp
import ParleyCore
import ParleyRoom

/// A room connection as the loop sees it: the host's or a joiner's side of the network, turned
/// into messages for the screen.
public final class RoomBridge: RoomConnection {
    enum Side {
        case host(RoomHost)
        case client(RoomClient)
    }

    let side: Side
    public private(set) var status: RoomStatus
    let files: RoomFiles
    /// What arrived before the screen opened and is not yet taken in.
    private var pending: [RoomInbound]
    /// Saved events not yet handed to the network (until the frame is drawn).
    private var outbox: [Event] = []

    init(_ side: Side, status: RoomStatus, files: RoomFiles, pending: [RoomInbound] = []) {
        self.side = side; self.status = status; self.files = files; self.pending = pending
    }

    public func share(_ event: Event) { outbox.append(event) }

    public func flush() {
        guard !outbox.isEmpty else { return }
        send(outbox)
        outbox.removeAll()
    }

    /// Hands events to the network now; safe from any thread (the network takes them on its own).
    public func send(_ events: [Event]) {
        switch side {
        case .host(let host): host.share(events)
        case .client(let client): client.share(events)
        }
    }

    public func arrivals() -> [Message] {
        var items = pending
        pending = []
        switch side {
        case .host(let host): items += host.drain()
        case .client(let client): items += client.drain()
        }
        guard !items.isEmpty else { return [] }
        return Self.messages(items, status: &status, files: files)
    }

    /// Closes the network side (the terminal is closed already: nothing waits on it).
    public func close() {
        flush()
        switch side {
        case .host(let host): host.close()
        case .client(let client): client.close()
        }
    }

    /// What the room reported, as messages: events first (together), then the clock, then the
    /// status once if it changed. Files and notices go to disk beside the log.
    static func messages(_ items: [RoomInbound], status: inout RoomStatus, files: RoomFiles) -> [Message] {
        var events: [Event] = [], rest: [Message] = []
        let before = status
        for item in items {
            switch item {
            case .event(let event): events.append(event)
            case .joined(let writers): status.joined = writers
            case .link(let link): status.link = Self.link(link)
            case .clock(let offset): rest.append(.roomClock(offset: offset.offset, roundTrip: offset.roundTrip))
            case .asset(let asset): files.keep(asset)
            case .notice(let text): files.note(text)
            case .welcome: break
            }
        }
        return (events.isEmpty ? [] : [.roomEvents(events)]) + rest + (status == before ? [] : [.roomStatus(status)])
    }

    static func link(_ link: RoomLink) -> RoomStatus.Link {
        switch link {
        case .connecting: .connecting
        case .connected: .open
        case .lost(let reason, let retry): .lost(reason: reason, retryInMilliseconds: retry)
        case .refused(let reason): .refused(reason)
        }
    }
}
