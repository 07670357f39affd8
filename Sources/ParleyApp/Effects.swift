import ParleyCore
import PNGDecoder
import TerminalGraphics
import TerminalUI

/// What a screen's update asks the world to do, as a value (Bubble Tea's Cmd): tests assert it,
/// `EffectRunner` does it and answers with a `Message`.
public enum Effect: Equatable, Sendable {
    /// Write the payload as a stamped event and fsync it; answered by `.recorded` or `.recordFailed`.
    case record(EventBody)
    /// Show a file in the system viewer; answered by `.viewerOpened` or `.viewerFailed`.
    case openViewer(path: String)
    /// Decode a screenshot; answered by `.imageLoaded`.
    case loadImage(path: String)
    /// Give a saved event to the room, for the other laptops; not answered (the room never blocks capture).
    case share(Event)
    /// Put text on the clipboard through the terminal (OSC 52); not answered (whether it arrived cannot be known).
    case copyToClipboard(String)
    /// Keep a media player in step with the replay; answered by `.playerFailed` only when it is gone.
    case player(PlayerCommand)
    /// End the program.
    case quit
}

/// What the replay tells its media player, in seconds of the recording.
public enum PlayerCommand: Equatable, Sendable {
    /// Go to `seconds` and play.
    case play(at: Double)
    /// Pause, and stand at `seconds` (where the replay stopped).
    case pause(at: Double)
    case speed(Double)
    case seek(Double)
}

/// Everything a screen's update reacts to: a key, time passing, a followed log, the answer to an effect.
public enum Message: Sendable {
    case key(Key)
    /// Time passed: `now` on the screen's clock in ms (the capture screen: the session's monotonic time).
    case tick(now: Int)
    /// A record is durable: the event as written and fsynced.
    case recorded(Event)
    /// A record failed and nothing was written: why, in words for the person at the keyboard.
    case recordFailed(String)
    case viewerOpened(path: String)
    /// The viewer could not be started: why.
    case viewerFailed(String)
    case imageLoaded(path: String, Result<RGBAImage, PNGError>)
    /// What a followed log gained; `restarted`: the file was replaced, these are from its start.
    case logRead([Event], restarted: Bool)
    /// Events saved on other laptops of the room, as they arrive (possibly again: apply by id).
    case roomEvents([Event])
    /// The room's state changed: who joined, the link's health.
    case roomStatus(RoomStatus)
    /// A joiner measured its wall clock against the facilitator's: add `offset` ms to read theirs.
    case roomClock(offset: Int, roundTrip: Int)
    /// The media player could not be told: why (the player stays out of step until replay restarts).
    case playerFailed(String)
}
