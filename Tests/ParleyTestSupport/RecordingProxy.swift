import Foundation
import Synchronization

/// A TCP relay on loopback between a client and its server (a joiner and the room, parley and
/// PostgreSQL): records every byte that crosses (what a bystander on the Wi-Fi could capture) and can
/// cut the link, at once or after so many bytes, and heal it (a Wi-Fi drop).
/// Blocking sockets and a thread per direction: a test tool, small and obvious.
public final class RecordingProxy: @unchecked Sendable {
    public let port: Int
    private let upstreamPort: Int
    private let listener: Int32
    private let state = Mutex<(captured: Data, open: [Int32], cut: Bool, closed: Bool, cutAfter: Int?)>((Data(), [], false, false, nil))

    public init(upstreamPort: Int) throws {
        self.upstreamPort = upstreamPort
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = Self.loopback(port: 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard withUnsafePointer(to: &address, { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }) == 0,
              listen(fd, 16) == 0 else { throw TestError(description: "proxy: cannot listen: \(String(cString: strerror(errno)))") }
        var bound = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        listener = fd
        port = Int(UInt16(bigEndian: bound.sin_port))
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    deinit { close() }

    /// Every byte that crossed, both ways.
    public var captured: Data { state.withLock { $0.captured } }

    /// The Wi-Fi drops: open connections are cut and new ones refused, until `heal`.
    public func cut() {
        let open = state.withLock { state in
            state.cut = true
            defer { state.open.removeAll() }
            return state.open
        }
        for descriptor in open { shutdown(descriptor, Int32(SHUT_RDWR)) }
    }

    public func heal() { state.withLock { $0.cut = false } }

    /// The link drops once `count` more bytes have crossed (either way), as `cut` does.
    public func cut(afterBytes count: Int) { state.withLock { $0.cutAfter = $0.captured.count + count } }

    public func close() {
        let open = state.withLock { state -> [Int32]? in
            guard !state.closed else { return nil }
            state.closed = true
            return state.open
        }
        // Closed once only: a second close of the listener's number (deinit after `defer { close() }`) closed
        // whatever socket had it by then, another test's proxy, whose clients were then refused.
        guard let open else { return }
        for descriptor in open { shutdown(descriptor, Int32(SHUT_RDWR)) }
        shutdown(listener, Int32(SHUT_RDWR))
        Glibc.close(listener)
    }

    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 { if errno == EINTR { continue }; return }
            if state.withLock({ $0.cut || $0.closed }) { Glibc.close(client); continue }
            let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = Self.loopback(port: upstreamPort)
            let connected = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            guard connected == 0 else { Glibc.close(client); Glibc.close(upstream); continue }
            state.withLock { $0.open += [client, upstream] }
            Thread.detachNewThread { [self] in pump(from: client, to: upstream) }
            Thread.detachNewThread { [self] in pump(from: upstream, to: client) }
        }
    }

    private func pump(from source: Int32, to destination: Int32) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(source, &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            let dropping = state.withLock { state in
                state.captured.append(contentsOf: buffer[0..<count])
                return state.cutAfter.map { state.captured.count >= $0 } ?? false
            }
            var offset = 0
            while offset < count {
                let written = buffer.withUnsafeBytes { write(destination, $0.baseAddress! + offset, count - offset) }
                if written <= 0 { break }
                offset += written
            }
            if dropping {
                state.withLock { $0.cutAfter = nil }
                cut()
            }
            if offset < count { break }
        }
        shutdown(source, Int32(SHUT_RDWR))
        shutdown(destination, Int32(SHUT_RDWR))
    }
}
