/// How far a joiner's wall clock is from the facilitator's, measured as NTP does: each probe has
/// four times — sent (joiner), received and answered (room), returned (joiner) — and gives
/// offset = ((received − sent) + (answered − returned)) / 2 with round trip
/// (returned − sent) − (answered − received). The probe with the shortest round trip is the one
/// the network delayed least, so its offset is kept (best of N).
public struct ClockOffset: Sendable, Equatable {
    /// Milliseconds to add to the joiner's clock to read the facilitator's.
    public var offset: Int
    /// The round trip of the probe it came from, in ms: the offset is good to about half of it.
    public var roundTrip: Int
    /// How many probes were measured.
    public var probes: Int

    public struct Probe: Sendable, Equatable {
        public var sent: Int, received: Int, answered: Int, returned: Int
        public init(sent: Int, received: Int, answered: Int, returned: Int) {
            self.sent = sent; self.received = received; self.answered = answered; self.returned = returned
        }
        var roundTrip: Int { (returned - sent) - (answered - received) }
        var offset: Int { ((received - sent) + (answered - returned)) / 2 }
    }

    /// The best estimate from `probes`; nil when none is usable (a negative round trip means a
    /// clock jumped mid-probe).
    public static func estimate(_ probes: [Probe]) -> ClockOffset? {
        let usable = probes.filter { $0.roundTrip >= 0 && $0.returned >= $0.sent }
        guard let best = usable.min(by: { $0.roundTrip < $1.roundTrip }) else { return nil }
        return ClockOffset(offset: best.offset, roundTrip: best.roundTrip, probes: probes.count)
    }
}
