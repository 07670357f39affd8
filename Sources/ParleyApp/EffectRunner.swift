import Foundation
import ParleyCore
import PNGDecoder
import TerminalGraphics
import TerminalUI

/// Writes a payload as a stamped event and returns it once it is durable (fsynced).
/// `SessionRecorder` in the app.
public protocol EventRecording: AnyObject {
    var sessionID: String { get }
    var writer: String { get }
    var path: String { get }
    /// Milliseconds since the session started, on the monotonic clock.
    var mono: Int { get }
    func record(_ body: EventBody) throws -> Event
}

/// Does what screens ask for and feeds the answers back to them: the only code in ParleyApp that
/// writes the log, starts the viewer, reads an image file or tells the media player.
public final class EffectRunner {
    let recorder: EventRecording?
    let viewer: ExternalViewer
    let share: (Event) -> Void
    let clipboard: (String) -> Void
    let player: MPVPlayer?

    /// `recorder`: where `.record` writes (a screen that never records needs none); `share`: hands
    /// a saved event to the room (it must not wait for the network); `clipboard`: the terminal's;
    /// `player`: the media player a replay keeps in step, if any.
    public init(recorder: EventRecording? = nil, viewer: ExternalViewer = .fromEnvironment(), share: @escaping (Event) -> Void = { _ in },
                clipboard: @escaping (String) -> Void = { _ in }, player: MPVPlayer? = nil) {
        self.recorder = recorder
        self.viewer = viewer
        self.share = share
        self.clipboard = clipboard
        self.player = player
    }

    /// Sends `message` to `screen`, then does what it asks; false once it asked to quit.
    public func send<S: InteractiveScreen>(_ message: Message, to screen: inout S) -> Bool {
        run(screen.update(message), on: &screen)
    }

    /// Does `effects` and what their answers ask in turn, until nothing is left; false once a quit was asked for.
    public func run<S: InteractiveScreen>(_ effects: [Effect], on screen: inout S) -> Bool {
        Self.drive(effects, on: &screen, answer: answer)
    }

    /// The loop's rules for effects, whoever answers them (this runner, or a test): effects are done
    /// in order and each answer is sent to the screen; what it asks for is a batch of its own. A
    /// failed record skips the rest of its batch: that was asked for on the understanding that it
    /// would be saved (a comment after its participant). `answer` gives nil for `.quit`.
    public static func drive<S: InteractiveScreen>(_ effects: [Effect], on screen: inout S, answer: (Effect) -> Message?) -> Bool {
        var keepRunning = true
        var batches = [effects]
        while !batches.isEmpty {
            var answers: [Message] = []
            for effect in batches.removeFirst() {
                if effect == .quit { keepRunning = false }
                guard let reply = answer(effect) else { continue }
                answers.append(reply)
                if case .recordFailed = reply { break }
            }
            batches += answers.map { screen.update($0) }
        }
        return keepRunning
    }

    func answer(_ effect: Effect) -> Message? {
        switch effect {
        case .record(let body):
            guard let recorder else { return .recordFailed("no session log is open") }
            do { return .recorded(try recorder.record(body)) } catch { return .recordFailed("\(error)") }
        case .openViewer(let path):
            return viewer.open(path).map(Message.viewerFailed) ?? .viewerOpened(path: path)
        case .loadImage(let path):
            return .imageLoaded(path: path, Self.loadImage(path))
        case .share(let event):
            share(event)
            return nil
        case .copyToClipboard(let text):
            clipboard(text)
            return nil
        case .player(let command):
            return player?.send(command).map(Message.playerFailed)
        case .quit:
            return nil
        }
    }

    /// Decodes a screenshot, or says why it cannot be shown.
    public static func loadImage(_ path: String) -> Result<RGBAImage, PNGError> {
        Result { try PNGDecoder.decode(path: path) }.mapError { $0 as? PNGError ?? PNGError(description: "\($0)") }
    }
}
