import Foundation
import NIOCore
import NIOPosix
import Testing
@testable import ParleyRoom

/// Announcer and finder over loopback only: everything is sent to 127.255.255.255 (Linux routes it
/// as broadcast on lo, so every socket bound to the port hears it) or 127.0.0.1, never off this machine.
@Suite struct RoomDiscoveryTests {
    static let group = MultiThreadedEventLoopGroup.singleton
    static let room = RoomAnnouncement(port: 7312, deck: "demo", facilitator: "facilitator", started: "2026-11-25T12:00:00.000Z")

    /// A port of its own per test (tests run in parallel), above Linux's ephemeral range.
    static func freshPort() -> Int { Int.random(in: 61_000...65_535) }

    static func loopbackBroadcast(_ port: Int) -> SocketAddress { try! SocketAddress(ipAddress: "127.255.255.255", port: port) }

    static func announce(_ announcement: RoomAnnouncement = room, port: Int, extraTargets: [SocketAddress] = []) throws -> RoomAnnouncer {
        try RoomAnnouncer(announcement: announcement, targets: [loopbackBroadcast(port)] + extraTargets, interval: .milliseconds(50), group: group)
    }

    @Test func anAnnouncedRoomIsFoundWithItsAddressAndFields() throws {
        let port = Self.freshPort()
        let announcer = try Self.announce(port: port)
        defer { announcer.stop() }
        let found = try RoomFinder.find(port: port, within: .seconds(5), firstMatching: { $0.announcement.deck == "demo" }, group: Self.group)
        #expect(found == FoundRoom(host: "127.0.0.1", port: 7312, announcement: Self.room))
        // Heard many times, listed once.
        #expect(try RoomFinder.find(port: port, duration: .milliseconds(300), group: Self.group) == [found!])
    }

    @Test func twoAnnouncersAreTwoRooms() throws {
        let port = Self.freshPort()
        var later = Self.room
        later.started = "2026-11-25T14:00:00.000Z"
        later.port = 7313
        let first = try Self.announce(port: port), second = try Self.announce(later, port: port)
        defer { first.stop(); second.stop() }
        let rooms = try RoomFinder.find(port: port, duration: .milliseconds(500), group: Self.group)
        #expect(rooms.count == 2)
        #expect(Set(rooms.map(\.announcement.started)) == [Self.room.started, later.started])
        #expect(Set(rooms.map(\.port)) == [7312, 7313])
    }

    @Test func twoFindersOnOnePortBothHear() throws {
        let port = Self.freshPort()
        let announcer = try Self.announce(port: port)
        defer { announcer.stop() }
        final class Heard: @unchecked Sendable {
            let lock = NSLock()
            var rooms: [FoundRoom?] = []
        }
        let heard = Heard()
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            let found = try? RoomFinder.find(port: port, within: .seconds(5), firstMatching: { _ in true }, group: Self.group)
            heard.lock.withLock { heard.rooms.append(found) }
        }
        #expect(heard.rooms.count == 2 && heard.rooms.allSatisfy { $0?.announcement == Self.room })
    }

    /// What other programs, newer Parleys and attackers might send to the port.
    static let garbage: [[UInt8]] = {
        func packet(_ json: String, magic: String = "PARLEY-ROOM-1 ") -> [UInt8] { Array((magic + json).utf8) }
        var generator = SystemRandomNumberGenerator()
        let valid = String(decoding: try! JSONEncoder().encode(room), as: UTF8.self)
        return [
            [], Array("PARLEY-ROOM-1 ".utf8), (0..<200).map { _ in UInt8.random(in: 0...255, using: &generator) },
            packet(valid, magic: ""), packet(valid, magic: "PARLEY-ROOM-2 "), packet(valid, magic: "parley-room-1 "),
            packet(#"{"port":7312,"deck":"demo""#), packet("[1,2,3]"), packet("null"),
            packet(#"{"port":0,"deck":"demo","facilitator":"f","started":"2026-11-25T12:00:00.000Z"}"#),
            packet(#"{"port":65536,"deck":"demo","facilitator":"f","started":"2026-11-25T12:00:00.000Z"}"#),
            packet(#"{"port":-1,"deck":"demo","facilitator":"f","started":"2026-11-25T12:00:00.000Z"}"#),
            packet(#"{"port":"7312","deck":"demo","facilitator":"f","started":"2026-11-25T12:00:00.000Z"}"#),
            packet(#"{"port":7312,"deck":"Demo Deck","facilitator":"f","started":"2026-11-25T12:00:00.000Z"}"#),
            packet(#"{"port":7312,"deck":"demo","facilitator":"","started":"2026-11-25T12:00:00.000Z"}"#),
            packet(#"{"port":7312,"deck":"demo","facilitator":"f","started":"yesterday"}"#),
            packet(#"{"port":7312,"deck":"demo","facilitator":"f"}"#),
            packet(valid + String(repeating: " ", count: 600)),  // valid JSON, oversize datagram
            packet(valid) + Array(repeating: 0x41, count: 8_000),
        ]
    }()

    @Test func garbageIsNoAnnouncement() throws {
        for bytes in Self.garbage {
            #expect(RoomAnnouncement(packet: bytes) == nil, "\(String(decoding: bytes.prefix(120), as: UTF8.self))")
        }
        #expect(RoomAnnouncement(packet: try Self.room.packet()) == Self.room)
        #expect(try Self.room.packet().count <= RoomAnnouncement.maximumPacketBytes)
    }

    @Test func garbageSentToAFinderIsIgnoredAndTheRoomStillFound() throws {
        let port = Self.freshPort()
        let loop = Self.group.next()
        let sender = try DatagramBootstrap(group: loop).channelOption(.socketOption(.so_broadcast), value: 1).bind(host: "127.0.0.1", port: 0).wait()
        defer { _ = try? sender.close().wait() }
        let garbage = loop.scheduleRepeatedTask(initialDelay: .zero, delay: .milliseconds(20)) { _ in
            for bytes in Self.garbage {
                sender.write(AddressedEnvelope(remoteAddress: Self.loopbackBroadcast(port), data: ByteBuffer(bytes: bytes)), promise: nil)
            }
            sender.flush()
        }
        defer { garbage.cancel() }
        let announcer = try Self.announce(port: port)
        defer { announcer.stop() }
        #expect(try RoomFinder.find(port: port, duration: .milliseconds(500), group: Self.group) == [FoundRoom(host: "127.0.0.1", port: 7312, announcement: Self.room)])
    }

    @Test func withNothingAnnouncedTheFinderReturnsEmptyAfterItsDuration() throws {
        let started = ContinuousClock.now
        #expect(try RoomFinder.find(port: Self.freshPort(), duration: .milliseconds(200), group: Self.group).isEmpty)
        let waited = ContinuousClock.now - started
        #expect(waited >= .milliseconds(200) && waited < .seconds(3), "\(waited)")
        #expect(try RoomFinder.find(port: Self.freshPort(), within: .milliseconds(100), firstMatching: { _ in true }, group: Self.group) == nil)
    }

    @Test func stopStopsSending() throws {
        let port = Self.freshPort()
        let announcer = try Self.announce(port: port)
        #expect(try RoomFinder.find(port: port, within: .seconds(5), firstMatching: { _ in true }, group: Self.group) != nil)
        announcer.stop()
        #expect(try RoomFinder.find(port: port, duration: .milliseconds(400), group: Self.group).isEmpty)
        announcer.stop()  // twice is harmless
    }

    /// A send that fails hard closes the socket (as a lost route does when the Wi-Fi drops); the
    /// next round opens another. Here the failing target is IPv6 loopback, which an IPv4 socket cannot reach.
    @Test func aFailedSendDoesNotEndTheAnnouncing() throws {
        let port = Self.freshPort()
        let announcer = try Self.announce(port: port, extraTargets: [try SocketAddress(ipAddress: "::1", port: port)])
        defer { announcer.stop() }
        Thread.sleep(forTimeInterval: 0.3)  // rounds that each end in the failed send
        #expect(try RoomFinder.find(port: port, within: .seconds(5), firstMatching: { _ in true }, group: Self.group) != nil)
    }

    @Test func anAnnouncementNoFinderWouldAcceptIsRefused() {
        var bad = Self.room
        bad.port = 0
        #expect(throws: RoomDiscoveryError.invalidAnnouncement(bad)) { try RoomAnnouncer(announcement: bad, targets: [], group: Self.group) }
        bad = Self.room
        bad.deck = String(repeating: "d", count: 600)
        #expect(throws: RoomDiscoveryError.invalidAnnouncement(bad)) { try RoomAnnouncer(announcement: bad, targets: [], group: Self.group) }
    }

    @Test func broadcastTargetsAreEachIPv4InterfaceThenTheLimitedBroadcast() throws {
        func device(_ name: String, broadcast: String?) throws -> NIONetworkDevice {
            NIONetworkDevice(name: name, address: nil, netmask: nil, broadcastAddress: try broadcast.map { try SocketAddress(ipAddress: $0, port: 0) },
                             pointToPointDestinationAddress: try SocketAddress(ipAddress: "0.0.0.0", port: 0), multicastSupported: true, interfaceIndex: 1)
        }
        let devices = [try device("lo", broadcast: nil), try device("eth0", broadcast: "192.168.1.255"), try device("wlan0", broadcast: "10.0.0.255"),
                       try device("eth0", broadcast: "192.168.1.255"), try device("eth0", broadcast: "fe80::ffff")]
        #expect(try RoomAnnouncer.broadcastTargets(port: 7312, devices: devices)
            == ["192.168.1.255", "10.0.0.255", "255.255.255.255"].map { try SocketAddress(ipAddress: $0, port: 7312) })
        // A room listening on one address is announced only there (an announcement's sender is where joiners go).
        let lan = NIONetworkDevice(name: "eth0", address: try SocketAddress(ipAddress: "192.168.1.20", port: 0), netmask: nil,
                                   broadcastAddress: try SocketAddress(ipAddress: "192.168.1.255", port: 0),
                                   pointToPointDestinationAddress: try SocketAddress(ipAddress: "0.0.0.0", port: 0), multicastSupported: true, interfaceIndex: 2)
        let all = devices + [lan]
        #expect(try RoomAnnouncer.broadcastTargets(port: 7312, listening: "127.0.0.1", devices: all) == [try SocketAddress(ipAddress: "127.0.0.1", port: 7312)])
        #expect(try RoomAnnouncer.broadcastTargets(port: 7312, listening: "192.168.1.20", devices: all) == [try SocketAddress(ipAddress: "192.168.1.255", port: 7312)])
        #expect(try RoomAnnouncer.broadcastTargets(port: 7312, listening: "::1", devices: all).isEmpty)
        #expect(try RoomAnnouncer.broadcastTargets(port: 7312, listening: "10.9.9.9", devices: all).isEmpty, "no interface has it")
        #expect(try RoomAnnouncer.broadcastTargets(port: 7312, listening: "0.0.0.0", devices: devices) == RoomAnnouncer.broadcastTargets(port: 7312, devices: devices))
        // This machine's own list, built but never sent to.
        let targets = try RoomAnnouncer.broadcastTargets(port: 7312)
        #expect(targets.last == (try SocketAddress(ipAddress: "255.255.255.255", port: 7312)))
        #expect(targets.allSatisfy { $0.protocol == .inet && $0.port == 7312 })
    }
}
