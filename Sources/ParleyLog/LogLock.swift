import Foundation

/// Who holds the write lock on a log, for the message a second writer gets. `flock` does not say,
/// so this reads the kernel's table of locks (Linux `/proc/locks`).
enum LogLock {
    static func holder(of descriptor: Int32) -> Int32? {
        var status = stat()
        guard fstat(descriptor, &status) == 0,
              let table = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) else { return nil }
        let device = UInt64(status.st_dev)
        let major = ((device >> 8) & 0xfff) | ((device >> 32) & ~0xfff)
        let minor = (device & 0xff) | ((device >> 12) & ~0xff)
        // `1: FLOCK  ADVISORY  WRITE 4242 fd:01:1234567 0 EOF`; waiting locks carry a `->` and are skipped.
        let file = String(format: "%02llx:%02llx:%llu", major, minor, UInt64(status.st_ino))
        for line in table.split(separator: "\n") where !line.contains("->") {
            let fields = line.split(separator: " ")
            guard fields.count >= 6, fields[1] == "FLOCK", fields[5] == file, let pid = Int32(fields[4]) else { continue }
            return pid
        }
        return nil
    }
}
