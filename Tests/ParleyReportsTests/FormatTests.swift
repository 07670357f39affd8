import Testing
@testable import ParleyReports

@Suite struct FormatTests {
    /// A short session read "0m", and 3m 59s read "3m": under ten minutes the seconds are said.
    @Test func durationsSayTheirSecondsWhileShort() {
        let cases: [(Int, String)] = [(0, "0s"), (40_999, "40s"), (60_000, "1m 00s"), (239_000, "3m 59s"), (599_999, "9m 59s"),
                                      (600_000, "10m"), (2_520_000, "42m"), (3_600_000, "1h 00m"), (7_080_000, "1h 58m")]
        for (milliseconds, expected) in cases { #expect(Format.duration(milliseconds) == expected, "\(milliseconds)") }
    }
}
