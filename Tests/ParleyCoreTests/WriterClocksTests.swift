import Foundation
import Testing
@testable import ParleyCore

/// The one rule that puts every writer on the room's time line, and the order built on it.
@Suite struct WriterClocksTests {
    static let start = 1_764_072_000_000

    /// An event of `writer` at `seconds` after the start on that writer's own clock.
    static func event(_ writer: String, _ seq: Int, _ seconds: Int, _ body: EventBody = .marker(label: "m")) -> Event {
        Event(id: "\(writer)-\(seq)", session: "s", writer: writer, seq: seq, at: Timestamp.string(milliseconds: start + seconds * 1000),
              mono: seconds * 1000, body: body)
    }

    static func measured(_ offset: Int) -> EventBody { .clockOffset(offset: offset, roundTrip: 3, reference: "facilitator") }

    @Test func eachEventTakesItsWritersLatestOffsetAndEarlierOnesTheFirst() {
        // ana measures at seq 3 (5 minutes fast) and again at seq 6, after a reconnect.
        let ana = [Self.event("ana", 1, 300), Self.event("ana", 2, 301), Self.event("ana", 3, 302, Self.measured(-300_000)),
                   Self.event("ana", 4, 303), Self.event("ana", 5, 304), Self.event("ana", 6, 305, Self.measured(-299_000)),
                   Self.event("ana", 7, 306)]
        let facilitator = [Self.event("facilitator", 1, 0), Self.event("facilitator", 2, 10)]
        let clocks = WriterClocks((ana + facilitator).shuffled())
        #expect(!clocks.isEmpty)
        #expect((1...7).map { clocks.offset(writer: "ana", seq: $0) }
                == [-300_000, -300_000, -300_000, -300_000, -300_000, -299_000, -299_000])
        #expect(clocks.offset(writer: "facilitator", seq: 2) == 0)
        #expect(clocks.offset(writer: "nobody", seq: 1) == 0)
        #expect(clocks.milliseconds(ana[0]) == Self.start)
        #expect(clocks.milliseconds(ana[6]) == Self.start + 7_000)
        #expect(clocks.placed(ana[0]).at == "2025-11-25T12:00:00.000Z")
        #expect(clocks.placed(ana[6]).at == "2025-11-25T12:00:07.000Z")
        // Nothing else about an event changes, and a writer who never measured keeps its times.
        var expected = ana[3]
        expected.at = Timestamp.string(milliseconds: Self.start + 3_000)
        #expect(clocks.placed(ana[3]) == expected)
        #expect(clocks.placed(facilitator[1]) == facilitator[1])
    }

    @Test func withoutAnyOffsetEveryTimeStaysAsWritten() {
        let events = [Self.event("facilitator", 1, 0), Self.event("ana", 1, 5), Self.event("ana", 2, 6)]
        let clocks = WriterClocks(events)
        #expect(clocks.isEmpty)
        #expect(events.map(clocks.placed) == events)
        #expect(EventOrder.placed(events) == EventOrder.sorted(events))
    }

    /// ana's laptop is 5 minutes fast: ordered by the written `at`, all of her events come after the
    /// facilitator's; placed on the room's time line they interleave as they happened.
    @Test func theOrderIsOnTheRoomsTimeLine() {
        let facilitator = [0, 10, 20, 30].enumerated().map { Self.event("facilitator", $0.offset + 1, $0.element) }
        let ana = [Self.event("ana", 1, 305, Self.measured(-300_000)), Self.event("ana", 2, 315), Self.event("ana", 3, 325)]
        let events = (facilitator + ana).shuffled()
        let order = EventOrder(events)
        #expect(order.indices.map { events[$0].id }
                == ["facilitator-1", "ana-1", "facilitator-2", "ana-2", "facilitator-3", "ana-3", "facilitator-4"])
        #expect(order.millis.map { ($0 - Self.start) / 1000 } == [0, 5, 10, 15, 20, 25, 30])
        #expect(EventOrder.placed(events).map(\.at) == order.millis.map { Timestamp.string(milliseconds: $0) })
        #expect(EventOrder.sorted(events).map(\.id) == order.indices.map { events[$0].id })

        // The same logs without the measurement: the rule is what puts ana's events in place.
        let unmeasured = facilitator + [Self.event("ana", 1, 305), Self.event("ana", 2, 315), Self.event("ana", 3, 325)]
        #expect(EventOrder.sorted(unmeasured).map(\.id)
                == ["facilitator-1", "facilitator-2", "facilitator-3", "facilitator-4", "ana-1", "ana-2", "ana-3"])
    }
}
