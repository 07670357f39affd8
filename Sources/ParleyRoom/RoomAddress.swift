import NIOCore

/// Where a room listens or is joined: `HOST`, `HOST:PORT`, `[IPv6]:PORT`.
public struct RoomAddress: Sendable, Equatable, CustomStringConvertible {
    public static let defaultPort = 7312
    public var host: String
    public var port: Int
    /// Whether the port was given (a given port is used or refused; the default moves on to the next free one).
    public var portGiven: Bool

    public init(host: String, port: Int = RoomAddress.defaultPort, portGiven: Bool = true) {
        self.host = host; self.port = port; self.portGiven = portGiven
    }

    /// Parses what a person types; nil with nothing usable.
    public init?(_ text: String) {
        var host = Substring(text), port: Int?
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            let rest = host[host.index(after: close)...]
            host = host[host.index(after: host.startIndex)..<close]
            if !rest.isEmpty {
                guard rest.hasPrefix(":"), let value = Int(rest.dropFirst()) else { return nil }
                port = value
            }
        } else if host.filter({ $0 == ":" }).count == 1, let colon = host.lastIndex(of: ":") {
            guard let value = Int(host[host.index(after: colon)...]) else { return nil }
            port = value
            host = host[..<colon]
        }
        guard !host.isEmpty, (0...65535).contains(port ?? RoomAddress.defaultPort) else { return nil }
        self.init(host: String(host), port: port ?? RoomAddress.defaultPort, portGiven: port != nil)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
