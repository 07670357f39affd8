import Foundation

/// A private network for one test: a network namespace joined to this one by a veth pair on
/// 10.231.X.0/24, X free on this machine. It reaches no other network; its link can be cut and
/// healed like a Wi-Fi that drops. Removed on deinit, whatever the test did.
final class PrivateNetwork {
    let namespace: String
    /// The veth end in this (the root) namespace, and the one inside.
    let outside: String, inside: String
    let outsideAddress: String, insideAddress: String

    /// Whether this machine lets a test make namespaces (root or CAP_NET_ADMIN, iproute2's `ip`, no
    /// sandbox refusing it): tries a throwaway one, as asking for the capabilities would not tell.
    static let canBeMade: Bool = {
        let probe = "parley-probe-\(suffix())"
        guard (try? Program.runWithStatus(["ip", "netns", "add", probe]).status) == 0 else { return false }
        return (try? Program.runWithStatus(["ip", "netns", "delete", probe]).status) == 0
    }()

    init() throws {
        let id = Self.suffix()
        namespace = "parley-t-\(id)"
        outside = "pt\(id)o"; inside = "pt\(id)i"
        let subnet = try Self.freeSubnet()
        outsideAddress = "10.231.\(subnet).1"; insideAddress = "10.231.\(subnet).2"
        try Self.ip(["netns", "add", namespace])
        do {
            try Self.ip(["link", "add", outside, "type", "veth", "peer", "name", inside])
            try Self.ip(["link", "set", inside, "netns", namespace])
            try Self.ip(["addr", "add", "\(outsideAddress)/24", "dev", outside])
            try Self.ip(["-n", namespace, "addr", "add", "\(insideAddress)/24", "dev", inside])
            try Self.ip(["-n", namespace, "link", "set", "lo", "up"])
            try Self.ip(["-n", namespace, "link", "set", inside, "up"])
            try heal()
        } catch { remove(); throw error }
    }

    deinit { remove() }

    /// The words that run a command inside the namespace (a shell prefix).
    var exec: String { "ip netns exec \(namespace)" }

    /// Down on this side: packets from inside vanish silently, as when the Wi-Fi drops.
    func cut() throws { try Self.ip(["link", "set", outside, "down"]) }
    func heal() throws { try Self.ip(["link", "set", outside, "up"]) }

    private func remove() {
        // Deleting the namespace deletes the veth end inside it, and with it the pair.
        _ = try? Program.runWithStatus(["ip", "netns", "delete", namespace])
        _ = try? Program.runWithStatus(["ip", "link", "delete", outside])
    }

    private static func suffix() -> String { String(UUID().uuidString.lowercased().prefix(6)) }

    /// An X for 10.231.X.0/24 that no interface here uses yet.
    private static func freeSubnet() throws -> Int {
        let used = try ip(["-4", "-o", "addr", "show"])
        guard let free = (1...254).shuffled().first(where: { !used.contains("10.231.\($0).") }) else {
            throw TestError(description: "every 10.231.X.0/24 is in use on this machine")
        }
        return free
    }

    @discardableResult
    private static func ip(_ arguments: [String]) throws -> String {
        let run = try Program.runWithStatus(["ip"] + arguments)
        guard run.status == 0 else { throw TestError(description: "ip \(arguments.joined(separator: " ")): \(run.error)") }
        return run.output
    }
}
