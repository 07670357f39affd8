import Testing
@testable import ParleyRoom

@Suite struct ClockOffsetTests {
    /// A joiner 5 minutes behind the room, over a link whose delays vary per probe.
    @Test func theLeastDelayedProbeGivesTheOffset() {
        let skew = 300_000
        var probes: [ClockOffset.Probe] = []
        for (up, down) in [(40, 5), (3, 2), (12, 30), (8, 60)] {
            let sent = 1_000 * probes.count
            let received = sent + skew + up, answered = received + 1
            probes.append(.init(sent: sent, received: received, answered: answered, returned: answered - skew + down))
        }
        let estimate = ClockOffset.estimate(probes)
        #expect(estimate == ClockOffset(offset: skew, roundTrip: 5, probes: 4))
    }

    @Test func aClockThatJumpedMidProbeIsIgnored() {
        let jumped = ClockOffset.Probe(sent: 1_000, received: 5_000, answered: 5_001, returned: 900)
        #expect(ClockOffset.estimate([jumped]) == nil)
        let good = ClockOffset.Probe(sent: 2_000, received: 2_010, answered: 2_011, returned: 2_020)
        #expect(ClockOffset.estimate([jumped, good])?.offset == 0)
        #expect(ClockOffset.estimate([]) == nil)
    }
}
