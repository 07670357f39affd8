import Testing
@testable import ParleyCore

@Suite struct CaptureLineTests {
    @Test(arguments: [
        ("P3: I'd never know which app to open #fragmentation", CaptureLine(speaker: .participant("P3"), text: "I'd never know which app to open", tags: ["fragmentation"])),
        ("p12 : lower case prefix", CaptureLine(speaker: .participant("P12"), text: "lower case prefix", tags: [])),
        ("P03: leading zero", CaptureLine(speaker: .participant("P3"), text: "leading zero", tags: [])),
        ("no prefix #Trust #trust #equity", CaptureLine(speaker: .unchanged, text: "no prefix", tags: ["trust", "equity"])),
        ("-: said by nobody in particular", CaptureLine(speaker: .nobody, text: "said by nobody in particular", tags: [])),
        ("P4:", CaptureLine(speaker: .participant("P4"), text: "", tags: [])),
        ("we are ##1 in the queue", CaptureLine(speaker: .unchanged, text: "we are #1 in the queue", tags: [])),
        ("see https://nhs.uk/app#results now", CaptureLine(speaker: .unchanged, text: "see https://nhs.uk/app#results now", tags: [])),
        ("the #fragmentation is awful", CaptureLine(speaker: .unchanged, text: "the is awful", tags: ["fragmentation"])),
        ("I don't trust it #trust.", CaptureLine(speaker: .unchanged, text: "I don't trust it.", tags: ["trust"])),
        ("# alone and #, stay", CaptureLine(speaker: .unchanged, text: "# alone and #, stay", tags: [])),
        ("P2: میں ایپ استعمال نہیں کرتا #language", CaptureLine(speaker: .participant("P2"), text: "میں ایپ استعمال نہیں کرتا", tags: ["language"])),
        ("P5: Zażółć gęślą 😩 漢字 #new-code", CaptureLine(speaker: .participant("P5"), text: "Zażółć gęślą 😩 漢字", tags: ["new-code"])),
        ("Phone: not a participant", CaptureLine(speaker: .unchanged, text: "Phone: not a participant", tags: [])),
        ("#ééé is not a tag", CaptureLine(speaker: .unchanged, text: "#ééé is not a tag", tags: [])),
        ("  spaces   collapse  ", CaptureLine(speaker: .unchanged, text: "spaces collapse", tags: [])),
        ("T2: P3: at table two #equity", CaptureLine(speaker: .participant("P3"), text: "at table two", tags: ["equity"], table: "T2")),
        ("t04:", CaptureLine(speaker: .unchanged, text: "", tags: [], table: "T4")),
        ("Tuesday: not a table", CaptureLine(speaker: .unchanged, text: "Tuesday: not a table", tags: [])),
    ])
    func parses(_ input: String, _ expected: CaptureLine) {
        #expect(CaptureLine.parse(input) == expected)
    }

    @Test func formatRoundTrips() {
        for line in ["P3: we are ##1 #trust", "-: plain words #equity #proxy", "P7: no tags"] {
            let parsed = CaptureLine.parse(line)
            let participant: String? = if case .participant(let p) = parsed.speaker { p } else { nil }
            let again = CaptureLine.parse(CaptureLine.format(participant: participant, text: parsed.text, tags: parsed.tags))
            #expect(again.text == parsed.text && again.tags == parsed.tags)
        }
    }
}
