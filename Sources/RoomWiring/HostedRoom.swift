import Foundation
import ParleyApp
import ParleyCore
import ParleyLog
import ParleyRoom

/// The facilitator opens a room around a prepared capture screen (`parley run --room`).
public enum HostedRoom {
    /// Largest screenshot sent to joiners: the room's message limit, less base64's growth.
    static let largestAsset = RoomMessage.maximumBytes * 3 / 4 - 4096

    /// Opens the room and puts `prepared` in it. The code is `code`, else the one this log's room
    /// had (a resume), else a new one; the port likewise. Returns the room, and lines to tell the user.
    /// `discovery`: where to announce the room (tests: loopback); nil, every broadcast address.
    public static func open(_ prepared: inout CaptureSetup.Prepared, code given: String?, listen: String?, joiners: Int = RoomHost.Limits().joiners,
                            discovery: RoomDiscoveryTarget = .fromEnvironment()) throws -> (RoomBridge, [String]) {
        let files = RoomFiles(logPath: prepared.recorder.path)
        let saved = files.saved()
        let code: RoomCode
        if let given {
            guard let typed = RoomCode(given) else { throw UserError("room code \"\(given)\" is too short; expected at least 6 letters or digits, such as maple-otter-cello-piano") }
            code = typed
        } else {
            code = saved.flatMap { RoomCode($0.code) } ?? RoomCode.generate()
        }
        var address = try listenAddress(listen, saved: saved)
        let history: [Event]
        do { history = try LogReader.read(path: prepared.recorder.path).events } catch { throw UserError("\(error)") }
        let workshop = prepared.model.state.workshop
        let (assets, skipped) = collectAssets(workshop, screenshots: prepared.model.screenshots)
        var limits = RoomHost.Limits()
        limits.joiners = joiners
        var notes = skipped
        func open(_ address: RoomAddress) throws -> RoomHost {
            try RoomHost(code: code, key: try RoomKey(code: code), session: prepared.recorder.sessionID, facilitator: prepared.recorder.writer,
                         history: history, assets: assets, listen: address, limits: limits)
        }
        let host: RoomHost
        do {
            host = try open(address)
        } catch where listen == nil && !["0.0.0.0", "::"].contains(address.host) {
            // A resumed room's saved address is gone (another network, a new lease): every address, same port.
            notes.append("the room's address \(address.host) is no longer this laptop's; it listens on every address instead")
            address = RoomAddress(host: "0.0.0.0", port: address.port, portGiven: false)
            do { host = try open(address) } catch { throw UserError("\(error)") }
        } catch {
            throw UserError("\(error)")
        }
        try files.save(.init(code: code.text, port: host.port, host: address.host))
        if let start = history.first, case .sessionStarted(let content) = start.body {
            do {
                let targets = try discovery.announceTargets(listening: address.host)
                if targets.isEmpty { notes.append("the room is not announced (it listens on \(address.host) only); note-takers join with --host " + (host.addresses.first ?? "ADDRESS")) }
                try host.announce(deck: content.deckID, started: start.at, to: targets)
            } catch {
                notes.append("the room is not announced on the LAN (\(error)); note-takers join with --host " + (host.addresses.first ?? "ADDRESS"))
            }
        }
        let status = RoomStatus(role: .host(code: code.text, addresses: host.addresses))
        try prepared.enterRoom(status, events: history)
        for line in notes { files.note(line) }
        return (RoomBridge(.host(host), status: status, files: files), notes)
    }

    /// Where the room listens: `--listen`, else where this log's room listened (a resume keeps the address
    /// and port, so a room opened on one network only stays there), else every address on the default port.
    static func listenAddress(_ listen: String?, saved: RoomFiles.Saved?) throws -> RoomAddress {
        if let listen {
            guard let typed = RoomAddress(listen) else { throw UserError("--listen \"\(listen)\" is not an address; expected ADDR:PORT, such as 0.0.0.0:7312") }
            return typed
        }
        return RoomAddress(host: saved?.host ?? "0.0.0.0", port: saved?.port ?? RoomAddress.defaultPort, portGiven: false)
    }

    /// The deck's screenshots as joiners get them; and why any is left out.
    static func collectAssets(_ workshop: Workshop?, screenshots: Screenshots) -> ([RoomMessage.Asset], [String]) {
        var assets: [RoomMessage.Asset] = [], skipped: [String] = [], seen: Set<String> = []
        for prompt in workshop?.deck.prompts ?? [] {
            guard let image = prompt.image, seen.insert(image).inserted, let path = screenshots.path(for: prompt) else { continue }
            guard RoomMessage.Asset.isSafe(image) else {
                skipped.append("screenshot \(image) is outside the deck's folder, so joiners see its alt text; expected a path under the deck's folder")
                continue
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                skipped.append("screenshot \(path) cannot be read; joiners see its alt text")
                continue
            }
            guard data.count <= largestAsset else {
                skipped.append("screenshot \(image) is \(data.count / 1_000_000) MB, over the room's \(largestAsset / 1_000_000) MB; joiners see its alt text")
                continue
            }
            assets.append(.init(path: image, data: data))
        }
        return (assets, skipped)
    }
}
