import Foundation
import ParleyCore
import ParleyRoom
import SystemIO

/// The files a room keeps beside a session log `sessions/X.jsonl`, all private to their owner:
/// `X.room` (the facilitator's code and port, so `--resume --room` reopens the same room),
/// `X.room.log` (what the room dropped or refused, with times) and `X.assets/` (a joiner's copies
/// of the deck's screenshots, so its log replays without the facilitator).
struct RoomFiles {
    let logPath: String
    var base: String { logPath.hasSuffix(".jsonl") ? String(logPath.dropLast(6)) : logPath }
    var codeFile: String { base + ".room" }
    var noticeFile: String { base + ".room.log" }
    var assetsDirectory: String { URL(fileURLWithPath: base + ".assets").standardizedFileURL.path }
    /// Where a joiner's `session.started` says the deck is: its screenshots resolve into the assets folder.
    var deckPath: String { assetsDirectory + "/deck.yaml" }

    /// Appends a line to the notice file; a notice that cannot be written is not worth stopping a workshop for.
    func note(_ text: String) {
        _ = writePrivateFile(noticeFile, Data("\(Timestamp.string(Date()))  \(text)\n".utf8), append: true)
    }

    /// Keeps a file of the deck under the assets folder (its path was checked to stay inside).
    func keep(_ asset: RoomMessage.Asset) {
        guard RoomMessage.Asset.isSafe(asset.path) else { return note("refused a deck file with an unsafe path") }
        let path = assetsDirectory + "/" + asset.path
        if let problem = makePrivateDirectory((path as NSString).deletingLastPathComponent) ?? writePrivateFile(path, asset.data) {
            note("cannot keep \(asset.path): \(problem)")
        }
    }

    /// The facilitator's room, as saved for a resume.
    struct Saved: Codable, Equatable {
        var code: String
        var port: Int
        /// The address listened on (`--listen`'s); absent in rooms saved before it was kept: all of them.
        var host: String?
    }

    func saved() -> Saved? {
        (try? Data(contentsOf: URL(fileURLWithPath: codeFile))).flatMap { try? JSONDecoder().decode(Saved.self, from: $0) }
    }

    func save(_ saved: Saved) throws {
        if let problem = writePrivateFile(codeFile, (try? JSONEncoder().encode(saved)) ?? Data()) {
            throw UserError("cannot write \(codeFile): \(problem)")
        }
    }
}
