import ParleyCore

/// Where a replay position falls in the session's recordings (docs/recordings.md): the latest
/// recording started at or before it holds it, at its time since that start, unless the position
/// is past that recording's known end — the same rule the exports place notes by.
public struct ReplayRecordings: Sendable {
    /// A recording with its start on the session clock; `number` 1 is the earliest, as `parley recording` numbers them.
    public struct Placed: Sendable, Equatable {
        public var number: Int
        public var start: Int
        public var recording: Recording
    }

    public enum Reading: Equatable {
        case noRecording
        /// Before the first recording: it starts in `in` ms.
        case before(Placed, in: Int)
        /// At `milliseconds` into the recording.
        case inside(Placed, milliseconds: Int)
        /// After the recording's known end, before any later one started.
        case pastEnd(Placed, length: Int)
    }

    public let all: [Placed]

    /// The recordings the session's `recording.started` events add up to, corrections included
    /// (from a store: the alignments `parley recording` made too).
    public init(_ session: ReplaySession) {
        var marks = SessionState()
        for event in session.events { if case .recordingStarted = event.body { marks.apply(event) } }
        all = marks.recordings.enumerated().compactMap { index, recording in
            session.time(of: recording.at).map { Placed(number: index + 1, start: $0, recording: recording) }
        }
    }

    public func reading(at position: Int) -> Reading {
        guard let first = all.first else { return .noRecording }
        guard let current = all.last(where: { $0.start <= position }) else { return .before(first, in: first.start - position) }
        let into = position - current.start
        if let length = current.recording.durationMilliseconds, into >= length { return .pastEnd(current, length: length) }
        return .inside(current, milliseconds: into)
    }
}

extension ReplayRecordings.Reading {
    /// For the header: `rec 1 00:12:31`, `rec 1 in 02:10`, `rec 1 ended 00:45:00`; nil without a recording.
    var header: String? {
        switch self {
        case .noRecording: nil
        case .before(let next, let wait): "rec \(next.number) in \(ElapsedTime.format(milliseconds: wait + 999))"
        case .inside(let recording, let into): "rec \(recording.number) \(ReplayClock.format(into))"
        case .pastEnd(let recording, let length): "rec \(recording.number) ended \(ReplayClock.format(length))"
        }
    }

    /// `c`: the time to paste into a player, or nil; and what the status line says.
    var copy: (time: String?, banner: String) {
        switch self {
        case .noRecording:
            return (nil, "This session has no recording: Ctrl-R in parley run marks one, parley recording aligns one afterwards.")
        case .before(let next, _):
            return (nil, "No recording yet at this time: recording \(next.number) starts at session time \(ReplayClock.format(next.start)).")
        case .inside(let recording, let into):
            let time = ReplayClock.format(into)
            let name = "rec \(recording.number)" + (recording.recording.label.map { ", \($0)" } ?? "")
            return (time, "Copied \(time) (\(name)) — paste it into the player's seek box")
        case .pastEnd(let recording, let length):
            return (nil, "Past the end of recording \(recording.number): it lasts \(ReplayClock.format(length)).")
        }
    }
}
