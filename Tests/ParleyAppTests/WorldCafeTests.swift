import Testing
@testable import ParleyApp
@testable import ParleyCore

@Suite struct WorldCafeTests {
    static let cafe = Workshop(
        deck: Deck(id: "cafe", title: "Café", codebook: "cb.yaml", format: .worldCafe, rounds: 2, tables: 3, prompts: [
            Prompt(id: "r1", kind: .question, title: "Round one", minutes: 25, questions: ["What works?"], round: 1),
            Prompt(id: "r2", kind: .question, title: "Round two", minutes: 25, questions: ["What would you change?"], round: 2),
        ]), personas: [], codebook: Fixture.codebook, sha256: "")

    @Test func tablesAndRoundsTravelWithCommentsAndHarvest() {
        var model = Fixture.capture(Self.cafe)
        model.enter("T2:")
        model.enter("P1: one app please #fragmentation")
        model.enter("T3: P4: I trust my GP #trust")
        model.press(.pageDown)
        model.enter("T2: P1: still one app #fragmentation #trust")
        let comments = model.state.liveComments
        #expect(comments.map(\.table) == ["T2", "T3", "T2"])
        #expect(comments.map(\.round) == [1, 1, 2])
        #expect(model.loop.events.map(\.type).filter { $0 == "table.set" }.count == 3)
        #expect(model.loop.events.compactMap { if case .roundStarted(let r) = $0.body { r } else { nil } } == [1, 2])
        #expect(model.render().contains("Round 2 Table T2"))
        let harvest = Harvest(state: model.state)
        #expect(harvest.tables.map(\.name) == ["T2", "T3"])
        #expect(harvest.tables[0].codes.map(\.tag) == ["fragmentation", "trust"])
        #expect(harvest.tables[0].codes[0].perRound.map(\.count) == [1, 1])
        model.press(.function(4))
        assertSnapshot(model.screen(), named: "harvest-80x24")
    }
}
