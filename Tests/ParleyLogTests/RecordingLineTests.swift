import Foundation
import Testing
@testable import ParleyCore
@testable import ParleyLog

/// `recording.started` lines: every field but the type optional, both decoders agree, and values no
/// recording can have are refused as unusable.
@Suite struct RecordingLineTests {
    static func line(_ payload: String = "") -> String {
        #"{"at":"2025-03-04T10:05:00.000Z","id":"e1","mono":5,\#(payload)"seq":2,"session":"s","type":"recording.started","v":1,"writer":"facilitator"}"#
    }

    static func verdict(_ line: String) -> DecodedLine { EventLine.decode(Data(line.utf8), JSONDecoder()) }

    static func fast(_ line: String) -> Event? { Array(line.utf8).withUnsafeBytes { FastEventDecoder.decode($0) } }

    static func slow(_ line: String) -> Event? { try? JSONDecoder().decode(Event.self, from: Data(line.utf8)) }

    @Test func bareAndFullMarksDecodeTheSameBothWays() throws {
        let cases: [(String, RecordingStart)] = [
            (Self.line(), RecordingStart()),
            (Self.line(#""label":null,"duration_ms":null,"replaces":null,"#), RecordingStart()),
            (Self.line(#""label":"zoom_0001.m4a","#), RecordingStart(label: "zoom_0001.m4a")),
            (Self.line(#""duration_ms":5400000,"label":"a\"b","replaces":"e0","#),
             RecordingStart(label: "a\"b", durationMilliseconds: 5_400_000, replaces: "e0")),
            (Self.line(#""duration_ms":\#(RecordingStart.maximumDuration),"#), RecordingStart(durationMilliseconds: RecordingStart.maximumDuration)),
        ]
        for (line, start) in cases {
            #expect(Self.fast(line)?.body == .recordingStarted(start), "\(line)")
            #expect(Self.fast(line) == Self.slow(line))
            guard case .event(let event) = Self.verdict(line) else { Issue.record("refused: \(line)"); continue }
            #expect(event.body == .recordingStarted(start))
        }
        // Written as it is read: absent fields stay absent.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let event = Event(id: "e1", session: "s", writer: "w", seq: 1, at: "2025-03-04T10:05:00.000Z", mono: 0, body: .recordingStarted(RecordingStart()))
        #expect(String(decoding: try encoder.encode(event), as: UTF8.self) == #"{"at":"2025-03-04T10:05:00.000Z","id":"e1","mono":0,"seq":1,"session":"s","type":"recording.started","v":1,"writer":"w"}"#)
    }

    @Test func valuesNoRecordingCanHaveAreUnusable() {
        let cases = [
            (Self.line(#""duration_ms":-1,"#), "bad recording length -1 ms"),
            (Self.line(#""duration_ms":\#(RecordingStart.maximumDuration + 1),"#), "bad recording length 604800001 ms"),
            (Self.line(#""replaces":"","#), "bad recording correction"),
            (Self.line(#""replaces":"e1","#), "bad recording correction"),
        ]
        for (line, message) in cases {
            guard case .invalid(let problem) = Self.verdict(line) else { Issue.record("not refused: \(line)"); continue }
            #expect(problem.hasPrefix(message), "\(problem)")
        }
    }

    @Test func mistypedFieldsAreNotEvents() {
        for line in [Self.line(#""label":5,"#), Self.line(#""duration_ms":"90","#), Self.line(#""duration_ms":1.5,"#), Self.line(#""replaces":["e0"],"#)] {
            #expect(Self.fast(line) == nil)
            guard case .failure = Self.verdict(line) else { Issue.record("decoded: \(line)"); continue }
        }
    }
}
