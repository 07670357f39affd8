import Foundation
import Testing
@testable import ParleyCore
@testable import ParleyLog

/// The Wi-Fi drops between a note-taker and the facilitator: the note-taker runs in its own network
/// namespace, and the link between the two is cut and healed.
@Suite(.serialized) struct RoomPartitionTests {
    /// A code of this run's own: a room another run left announcing on this machine is never the one joined.
    static let code = "maple-otter-cello-" + String((0..<5).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement()! })
    static let note = "said while the room was lost"
    static let partition: TimeInterval = 15

    @Test(.enabled(if: PrivateNetwork.canBeMade, "network namespaces cannot be made here (they need root or CAP_NET_ADMIN and iproute2's `ip`): the partition test is skipped"))
    func aNoteTakerCutOffKeepsCapturingAndCatchesUpWhenTheLinkHeals() throws {
        let network = try PrivateNetwork()
        let facilitator = try Tmux(), noteTaker = try Tmux()
        let listen = "\(network.outsideAddress):\(Int.random(in: 20_000..<30_000))"
        // Announcements go to a loopback port nobody reads: nothing reaches the LAN.
        let quiet = "PARLEY_ROOM_DISCOVERY=127.0.0.1:\(Int.random(in: 30_000..<40_000))"
        let hostLog = facilitator.path("facilitator.jsonl"), joinerLog = noteTaker.path("ana.jsonl")
        // Wide, so the header keeps the prompt's position ("· 2/6").
        try facilitator.start(["run", "demo", "--room", "--room-code", Self.code, "--listen", listen, "--log", hostLog], width: 160, environment: quiet)
        try facilitator.waitFor("room \(Self.code) · 0 joined")
        // The environment goes before the binary on the shell line: the namespace's `exec` after it runs parley inside.
        try noteTaker.start(["join", Self.code, "--host", listen, "--writer", "ana", "--log", joinerLog], width: 160, environment: "\(quiet) \(network.exec)")
        try noteTaker.waitFor("following facilitator")
        try facilitator.waitFor("1 joined")
        try facilitator.keys("PageDown")
        try noteTaker.waitFor(" · 2/6 ")

        try network.cut()
        let cutAt = Date()
        let lost = try elapsed { try noteTaker.waitFor("ROOM LOST", seconds: 10) }
        #expect(lost < .seconds(6), "the note-taker saw the room lost after \(lost)")
        try noteTaker.type("P1: \(Self.note)"); try noteTaker.keys("Enter")
        try noteTaker.waitFor("✔ 1 saved")
        try facilitator.keys("PageDown", "PageDown")
        try facilitator.waitFor(" · 4/6 ")
        try facilitator.waitFor("0 joined", seconds: 10) // the silent note-taker dropped
        // A partition long enough for the note-taker's retries to back off to seconds apart.
        Thread.sleep(until: cutAt.addingTimeInterval(Self.partition))

        try network.heal()
        // The room's current prompt reaches the note-taker only over a live link (between retries
        // the header says "following" while it connects).
        let back = try elapsed { try noteTaker.waitFor(" · 4/6 ", seconds: 20) }
        #expect(back < .seconds(10), "the note-taker followed again after \(back)")
        #expect(try noteTaker.screen().contains("following facilitator · "))
        try facilitator.waitFor("1 joined · notes: ana 1")
        print("RoomPartitionTests: ROOM LOST \(lost) after the link went down; following again \(back) after it came up")

        // The note-taker first: the facilitator asks before quitting while a laptop is in the room.
        try noteTaker.keys("C-q")
        try noteTaker.waitFor("EXITED 0")
        try facilitator.waitFor("0 joined", seconds: 10)
        try facilitator.keys("C-q")
        try facilitator.waitFor("EXITED 0")
        let host = try LogReader.read(path: hostLog), joiner = try LogReader.read(path: joinerLog)
        #expect(host.issues.isEmpty && joiner.issues.isEmpty, "\(host.issues) \(joiner.issues)")
        #expect(Set((host.events + joiner.events).map(\.session)).count == 1)
        let notes = joiner.events.compactMap { if case .commentAdded(let c) = $0.body { c } else { nil } }
        #expect(notes.map(\.text) == [Self.note])
        // On the room's prompt when it was typed, not the ones the facilitator moved to meanwhile.
        #expect(notes.first?.prompt == SessionState(events: host.events).prompts.dropFirst().first?.id)
    }

    private func elapsed(_ wait: () throws -> Void) rethrows -> Duration {
        let start = ContinuousClock.now
        try wait()
        return ContinuousClock.now - start
    }
}
