import Algorithms
import Foundation

/// A comment as it stands after every event so far.
public struct Comment: Sendable, Equatable, Identifiable {
    public var id: String
    public var promptID: String
    public var participant: String?
    public var text: String
    public var tags: [String]
    public var writer: String
    public var at: String
    public var mono: Int
    public var table: String?
    public var round: Int?
    public var deleted: Bool
    public var edited: Bool
}

public struct Marker: Sendable, Equatable {
    public var label: String
    public var promptID: String?
    public var at: String
    public var mono: Int
    public var writer: String
}

/// The state of a session, changed only by `apply(_:)`. Built the same way live, on resume,
/// in replay and in the store, so all of them agree.
public struct SessionState: Sendable {
    public private(set) var sessionID: String?
    public private(set) var workshop: Workshop?
    public private(set) var startedAt: String?
    public private(set) var deckPath: String?
    /// Index into the deck's prompts of the prompt on the room's screen: the room writer's latest
    /// `prompt.shown` (see `roomWriter`).
    public private(set) var promptIndex = 0
    /// Whose `prompt.shown` moves `promptIndex`: `facilitator` once one of theirs is applied, until then
    /// the writer of the first `prompt.shown` (in a one-writer log, always that writer). Nil before any.
    public private(set) var roomWriter: String?
    /// Per writer, the deck index of their latest `prompt.shown`: everyone pages through the deck on
    /// their own laptop, and a writer's marker belongs to the prompt that writer was on.
    public private(set) var promptIndexByWriter: [String: Int] = [:]
    public private(set) var comments: [Comment] = []
    public private(set) var participants: [String] = []
    public private(set) var participantAttributes: [String: [String: String]] = [:]
    public private(set) var markers: [Marker] = []
    private var recordingMarks = RecordingMarks()
    public private(set) var round: Int?
    public private(set) var table: String?
    public private(set) var paused = false
    /// The last session.ended (or resumed) of any writer says so: one log's view.
    public private(set) var ended = false
    /// Writers whose log goes on at this point (started or resumed, not ended since), and every writer
    /// whose log started. In a room every writer's log ends with session.ended when they quit.
    public private(set) var openLogs: Set<String> = []
    private var startedLogs: Set<String> = []
    /// The session has ended: the room's writer's log has (the facilitator ended it), or every log has.
    /// One note-taker quitting ends only their log.
    public var sessionEnded: Bool {
        guard !startedLogs.isEmpty else { return false }
        if openLogs.isEmpty { return true }
        guard let room = roomWriter else { return false }
        return startedLogs.contains(room) && !openLogs.contains(room)
    }
    public private(set) var lastMono = 0
    /// The wall time (`at`) of the event at `lastMono`: with it a screen reads the wall clock from the
    /// monotonic one, which run together from one event to the next (a resume writes its own event).
    public private(set) var lastAt: String?
    /// When the room's current prompt was shown (its writer's clock).
    public private(set) var promptShownAt: String?
    public private(set) var eventCount = 0
    /// The speaker of the most recent comment, which an unprefixed line keeps.
    public private(set) var lastSpeaker: String?
    /// Comments not deleted, kept up to date by `apply` so a frame never scans the whole session.
    public private(set) var liveCommentCount = 0
    private var indexByComment: [String: Int] = [:]
    /// Per prompt, the indices into `comments` of the comments not deleted, oldest first.
    private var liveIndicesByPrompt: [String: [Int]] = [:]

    public init() {}

    public init(events: some Sequence<Event>) {
        for event in events { apply(event) }
    }

    /// The writer whose prompt changes are what the room saw: `parley run`'s default writer.
    /// Note-takers' paging is their own, not what the projector showed.
    public static let roomWriterName = "facilitator"

    /// The room's writer among `writers`: `roomWriterName` if it is one of them, else `fallback`.
    /// The one rule for live state, the store and replay.
    public static func roomWriter(among writers: some Sequence<String>, otherwise fallback: String) -> String {
        writers.contains(roomWriterName) ? roomWriterName : fallback
    }

    public var prompts: [Prompt] { workshop?.deck.prompts ?? [] }
    public var currentPrompt: Prompt? { prompts.indices.contains(promptIndex) ? prompts[promptIndex] : nil }

    public func comment(_ id: String) -> Comment? { indexByComment[id].map { comments[$0] } }

    /// Comments on one prompt, oldest first, deleted ones left out.
    public func comments(onPrompt promptID: String) -> [Comment] {
        liveCommentIndices(onPrompt: promptID).map { comments[$0] }
    }

    /// Indices into `comments` of one prompt's comments, oldest first, deleted ones left out.
    public func liveCommentIndices(onPrompt promptID: String) -> [Int] { liveIndicesByPrompt[promptID] ?? [] }

    public var liveComments: [Comment] { comments.filter { !$0.deleted } }

    /// The session's recordings, oldest start first, each as its latest alignment places it.
    public var recordings: [Recording] { recordingMarks.recordings }

    public mutating func apply(_ event: Event) {
        eventCount += 1
        if event.mono >= lastMono { lastAt = event.at }
        lastMono = max(lastMono, event.mono)
        switch event.body {
        case .sessionStarted(let start):
            openLogs.insert(event.writer)
            startedLogs.insert(event.writer)
            if sessionID == nil {
                sessionID = event.session
                workshop = start.snapshot
                deckPath = start.deckPath
                startedAt = event.at
            }
        case .promptShown(let prompt):
            guard let index = prompts.firstIndex(where: { $0.id == prompt }) else { return }
            promptIndexByWriter[event.writer] = index
            // The facilitator takes the room over with their first prompt.shown; until then the first
            // writer to show a prompt keeps it.
            let room = Self.roomWriter(among: CollectionOfOne(event.writer), otherwise: roomWriter ?? event.writer)
            roomWriter = room
            if event.writer == room {
                promptIndex = index
                promptShownAt = event.at
            }
        case .participantAdded(let participant, let attributes):
            addParticipant(participant)
            participantAttributes[participant, default: [:]].merge(attributes) { $1 }
        case .commentAdded(let payload):
            guard indexByComment[payload.comment] == nil else { return }
            if let participant = payload.participant { addParticipant(participant) }
            let comment = Comment(id: payload.comment, promptID: payload.prompt, participant: payload.participant,
                                  text: payload.text, tags: payload.tags, writer: event.writer, at: event.at, mono: event.mono,
                                  table: payload.table, round: payload.round, deleted: false, edited: false)
            indexByComment[payload.comment] = comments.count
            liveIndicesByPrompt[payload.prompt, default: []].append(comments.count)
            liveCommentCount += 1
            comments.append(comment)
            lastSpeaker = payload.participant
        case .commentEdited(let id, let participant, let text, let tags):
            update(id) { $0.participant = participant; $0.text = text; $0.tags = tags; $0.edited = true }
            if let participant { addParticipant(participant) }
        case .commentTagged(let id, let tag):
            update(id) { if !$0.tags.contains(tag) { $0.tags.append(tag) } }
        case .commentUntagged(let id, let tag):
            update(id) { $0.tags.removeAll { $0 == tag } }
        case .commentDeleted(let id):
            setDeleted(id, true)
        case .commentRestored(let id):
            setDeleted(id, false)
        case .marker(let label):
            // The prompt the marker's own writer was on (the room's, if they have not shown one yet).
            let index = promptIndexByWriter[event.writer] ?? promptIndex
            let promptID = prompts.indices.contains(index) ? prompts[index].id : nil
            markers.append(Marker(label: label, promptID: promptID, at: event.at, mono: event.mono, writer: event.writer))
        case .roundStarted(let newRound):
            round = newRound
        case .tableSet(let newTable):
            table = newTable
        // A break is the room's: a note-taker whose log resumes (a laptop back) does not end it.
        case .sessionPaused:
            if event.writer == roomWriter ?? event.writer { paused = true }
        case .sessionResumed:
            if event.writer == roomWriter ?? event.writer { paused = false }
            ended = false
            openLogs.insert(event.writer)
        case .sessionEnded:
            ended = true
            openLogs.remove(event.writer)
        case .clockOffset:
            // Changes no state: readers of several logs place times with `WriterClocks` before applying.
            break
        case .recordingStarted(let start):
            recordingMarks.add(event, start)
        }
    }

    private mutating func addParticipant(_ id: String) {
        if !participants.contains(id) { participants.append(id) }
    }

    private mutating func setDeleted(_ id: String, _ deleted: Bool) {
        guard let index = indexByComment[id], comments[index].deleted != deleted else { return }
        comments[index].deleted = deleted
        let prompt = comments[index].promptID
        // The list is sorted: find the place by binary search, then change it in place. The search
        // holds no reference to the array afterwards, so the change does not copy it.
        let low = (liveIndicesByPrompt[prompt] ?? []).partitioningIndex { $0 >= index }
        if deleted {
            if liveIndicesByPrompt[prompt]?.indices.contains(low) == true, liveIndicesByPrompt[prompt]![low] == index {
                liveIndicesByPrompt[prompt]!.remove(at: low)
            }
            liveCommentCount -= 1
        } else {
            liveIndicesByPrompt[prompt, default: []].insert(index, at: low)
            liveCommentCount += 1
        }
    }

    private mutating func update(_ id: String, _ change: (inout Comment) -> Void) {
        guard let index = indexByComment[id] else { return }
        change(&comments[index])
    }
}
