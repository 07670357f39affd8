import BenchReport
import Foundation
import ParleyApp
import ParleyCore
import ParleyLog
import PNGDecoder
import PNGReference
import TerminalGraphics
import TerminalUI

// Parley's benchmarks for the capture screen, images, memory and the log follower.
// One line per measure: name, value, unit, the reference measured in this same run, ratio, goal.
// Data is generated deterministically here; run with `make bench` (release build).


func residentBytes() -> Int {
    guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
          let pages = Int(statm.split(separator: " ")[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// Records into memory, as fast as the model can go: the benchmark measures the screen, not the disk.
final class MemoryRecorder: EventRecording {
    let sessionID = "bench", writer = "facilitator", path = "memory"
    var mono = 0
    var seq = 0
    func record(_ body: EventBody) throws -> Event {
        seq += 1
        return Event(id: "e\(seq)", session: sessionID, writer: writer, seq: seq, at: "2026-11-25T12:00:00.000Z", mono: mono, body: body)
    }
}

let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let demoDeck = repository.appendingPathComponent("Decks/demo.yaml").path
let workshop = try ContentLoader.loadWorkshop(demoDeck).workshop

/// A session state holding `count` comments spread over the deck's prompts.
func session(comments count: Int) -> SessionState {
    var state = SessionState()
    var seq = 0
    func apply(_ body: EventBody) {
        seq += 1
        state.apply(Event(id: "e\(seq)", session: "bench", writer: "facilitator", seq: seq, at: "2026-11-25T12:00:00.000Z", mono: seq * 10, body: body))
    }
    apply(.sessionStarted(SessionStart(workshop: workshop, deckPath: demoDeck)))
    apply(.promptShown(prompt: workshop.deck.prompts[1].id))
    let words = ["I'd", "never", "know", "which", "app", "to", "open", "میں", "Zażółć", "漢字", "😩", "letters", "come", "late"]
    for n in 0..<count {
        let prompt = workshop.deck.prompts[n % workshop.deck.prompts.count].id
        let text = (0..<(8 + n % 12)).map { words[($0 * 7 + n) % words.count] }.joined(separator: " ")
        apply(.commentAdded(CommentPayload(comment: "c\(n)", prompt: prompt, participant: "P\(n % 9 + 1)", text: text, tags: n % 3 == 0 ? ["trust", "fragmentation"] : ["equity"])))
    }
    return state
}

let benchLog = CaptureModel.LogIdentity(sessionID: "bench", writer: "facilitator", path: "memory")

/// Key press to finished frame (update, its effects + draw of a 160×48 screen, as the loop does), over a typing-heavy sequence.
func keyToFrame(comments: Int) -> [Double] {
    var model = CaptureModel(state: session(comments: comments), log: benchLog)
    let effects = EffectRunner(recorder: MemoryRecorder())
    let memo = FrameMemo()
    let keys: [Key] = Array("P3: which app do I open for my kidney results #fragmentation".map { Key.character($0) }) + [.enter, .up, .up, .down, .escape, .pageDown, .pageUp, .alt("t"), .control("z")]
    var samples: [Double] = []
    for round in 0..<40 {
        for key in keys {
            let start = now()
            _ = effects.send(.key(key), to: &model)
            _ = model.update(.tick(now: round * 1000))
            var screen = Screen(width: 160, height: 48)
            memo.startFrame()
            CaptureView.draw(model, into: &screen, memo: memo)
            samples.append((now() - start) * 1000)
        }
    }
    return samples
}

// 1. Key to frame.
let empty = keyToFrame(comments: 0)
let busy = keyToFrame(comments: 10_000)
report("key-to-frame p99 @10k comments", percentile(busy, 0.99), "ms", reference: percentile(empty, 0.99), referenceName: "same keys, empty session (p99 ms)", goal: "<= 2 ms")
report("key-to-frame p50 @10k comments", percentile(busy, 0.5), "ms", reference: percentile(empty, 0.5), referenceName: "same keys, empty session (p50 ms)", goal: "-")

// 2. Cold start: process start (parley --version) + loading the deck, opening the log and the first frame.
func spawnSeconds(_ arguments: [String]) -> Double {
    let start = now()
    var pid: pid_t = 0
    let argv = arguments.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    guard posix_spawn(&pid, arguments[0], &actions, nil, argv, environ) == 0 else { return .nan }
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    posix_spawn_file_actions_destroy(&actions)
    return now() - start
}
let binary = repository.appendingPathComponent(".build/release/parley").path
let processStart = (0..<10).map { _ in spawnSeconds([binary, "--version"]) }.sorted()[5]
let trueStart = (0..<10).map { _ in spawnSeconds(["/bin/true"]) }.sorted()[5]
let logDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("parley-bench-\(UUID().uuidString)").path
var firstFrames: [Double] = []
for n in 0..<10 {
    let start = now()
    let prepared = try CaptureSetup.prepare(.init(deck: demoDeck, logPath: "\(logDirectory)/cold-\(n).jsonl", writer: "facilitator", sessionID: nil, resume: nil))
    var screen = Screen(width: 100, height: 30)
    prepared.model.draw(into: &screen, memo: FrameMemo())
    firstFrames.append(now() - start)
}
let coldStart = (processStart + firstFrames.sorted()[5]) * 1000
report("cold start to first frame", coldStart, "ms", reference: trueStart * 1000, referenceName: "spawn of /bin/true (ms)", goal: "<= 30 ms")

// 3. Memory with 100,000 comments: state, model and one frame.
let before = residentBytes()
let big = session(comments: 100_000)
let bigModel = CaptureModel(state: big, log: benchLog)
var frame = Screen(width: 160, height: 48)
CaptureView.draw(bigModel, into: &frame)
let used = Double(residentBytes() - before) / 1_048_576
let textBytes = Double(big.comments.reduce(0) { $0 + $1.text.utf8.count }) / 1_048_576
report("memory @100k comments", used, "MB", reference: textBytes, referenceName: "UTF-8 bytes of the comment texts (MB)", goal: "<= 150 MB")

// 4. Decode and scale a 1170×2532 screenshot to 200×60 cells.
var pixels = [UInt8](repeating: 0, count: 1170 * 2532 * 4)
for y in 0..<2532 { for x in 0..<1170 {
    let i = (y * 1170 + x) * 4
    pixels[i] = UInt8((x * 255) / 1170); pixels[i + 1] = UInt8((y * 255) / 2532); pixels[i + 2] = UInt8(((x / 60 + y / 60) % 2) * 200); pixels[i + 3] = 255
} }
let png = try LibPNG.encode(RGBAImage(width: 1170, height: 2532, pixels: pixels))
var libpngDecode: [Double] = [], decodeAndScale: [Double] = []
for _ in 0..<7 {
    var start = now()
    _ = try LibPNG.decode(png)
    libpngDecode.append(now() - start)
    start = now()
    let image = try PNGDecoder.decode(png)
    var cells = Screen(width: 200, height: 60)
    ImageCells.draw(image, path: "bench.png", into: &cells, rect: cells.bounds, support: ImageSupport(depth: .trueColor))
    decodeAndScale.append(now() - start)
}
report("decode+scale 1170x2532 -> 200x60", decodeAndScale.sorted()[3] * 1000, "ms", reference: libpngDecode.sorted()[3] * 1000, referenceName: "libpng decode alone (ms)", goal: "<= 30 ms")

// 4b. The same screenshot as a sixel for a terminal that shows pictures (400×860 pixels: 40×43 cells of 10×20).
let decoded = try PNGDecoder.decode(png)
var sixelTimes: [Double] = []
for _ in 0..<7 {
    let start = now()
    _ = Sixel.encode(decoded, width: 400, height: 860)
    sixelTimes.append(now() - start)
}
report("sixel encode 1170x2532 -> 400x860", sixelTimes.sorted()[3] * 1000, "ms", reference: decodeAndScale.sorted()[3] * 1000, referenceName: "decode+scale to cells (ms)", goal: "-")

// 5. Log follower latency: an fsynced append until a 40 ms poller has it.
let followPath = "\(logDirectory)/follow.jsonl"
let recorder = SessionRecorder(log: try LogWriter(path: followPath), sessionID: "bench", writer: "facilitator", clock: SystemClock())
let follower = LogFollower(path: followPath)
var latencies: [Double] = []
var appendTimes: [Double] = []
for n in 0..<30 {
    let start = now()
    try recorder.record(.promptShown(prompt: workshop.deck.prompts[n % workshop.deck.prompts.count].id))
    appendTimes.append(now() - start)
    // The poller wakes on its own schedule: a random phase within its 40 ms period.
    usleep(useconds_t(Int.random(in: 0..<40_000)))
    while follower.poll().isEmpty { usleep(40_000) }
    latencies.append(now() - start)
}
report("follower latency (max of 30)", latencies.max()! * 1000, "ms", reference: appendTimes.sorted()[15] * 1000, referenceName: "fsynced append, median (ms)", goal: "<= 100 ms")
try? FileManager.default.removeItem(atPath: logDirectory)
