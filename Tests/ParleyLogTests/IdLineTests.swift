import Foundation
import Testing
@testable import ParleyCore
@testable import ParleyLog

/// Ids never hold a control character: the stores key rows by them, and a database gives a NUL back
/// changed (PostgreSQL) or cut off (SQLite), so a participant with one could not be withdrawn (the
/// withdrawal said it worked and removed nothing) and a session with one was taken for a new session.
@Suite struct IdLineTests {
    static func line(session: String = "s", writer: String = "w", id: String = "e1", type: String, _ payload: String) -> String {
        #"{"at":"2025-03-04T10:05:00.000Z","id":"\#(id)","mono":5,\#(payload)"seq":2,"session":"\#(session)","type":"\#(type)","v":1,"writer":"\#(writer)"}"#
    }

    static func verdict(_ line: String) -> DecodedLine { EventLine.decode(Data(line.utf8), JSONDecoder()) }

    static func refusal(_ line: String) -> String? {
        if case .invalid(let problem) = verdict(line) { problem } else { nil }
    }

    @Test func aControlCharacterInAnyIdIsRefused() {
        let comment = #""comment":"c1","prompt":"p","participant":"P3","text":"a\u0000b","tags":[],"#
        #expect(Self.refusal(Self.line(type: "comment.added", comment)) == nil, "text may hold one: only ids may not")
        let cases: [(String, String)] = [
            (Self.line(type: "comment.added", #""comment":"c1","prompt":"p","participant":"P\u0000 3","text":"t","tags":[],"#),
             #"bad participant "P\0 3" (a control character in an id)"#),
            (Self.line(type: "comment.added", #""comment":"c\u001b1","prompt":"p","text":"t","tags":[],"#),
             #"bad comment id "c\u{1B}1" (a control character in an id)"#),
            (Self.line(type: "comment.edited", #""comment":"c1","participant":"P\t3","text":"t","tags":[],"#),
             #"bad participant "P\t3" (a control character in an id)"#),
            (Self.line(type: "participant.added", #""participant":"P\n3","attributes":{},"#), #"bad participant "P\n3" (a control character in an id)"#),
            (Self.line(type: "prompt.shown", #""prompt":"p\u007f","#), #"bad prompt id "p\u{7F}" (a control character in an id)"#),
            (Self.line(type: "comment.deleted", #""comment":"\u0000","#), #"bad comment id "\0" (a control character in an id)"#),
            (Self.line(type: "table.set", #""table":"T\u00001","#), #"bad table "T\01" (a control character in an id)"#),
            (Self.line(session: #"s\u0000"#, type: "marker", #""label":"x","#), "bad session id"),
            (Self.line(writer: #"w\u0000"#, type: "marker", #""label":"x","#), "bad writer"),
            (Self.line(id: #"e\u00001"#, type: "marker", #""label":"x","#), "bad event id"),
        ]
        for (line, expected) in cases { #expect(Self.refusal(line) == expected, "\(line)") }
        #expect(Self.refusal(Self.line(type: "participant.added", #""participant":"Émile 🙂","attributes":{},"#)) == nil)
    }
}
