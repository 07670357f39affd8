// SystemIO: the system calls Parley's I/O edges share (the log, output files, the terminal), so that
// ParleyCore stays pure.

import Foundation

/// Writes every byte to a file descriptor: `write` may take part of a buffer, or be interrupted by a
/// signal. Returns nil, or what went wrong (a full disk, a closed terminal).
public func writeAll(_ descriptor: Int32, _ bytes: some DataProtocol & ContiguousBytes) -> String? {
    bytes.withUnsafeBytes { buffer -> String? in
        var offset = 0
        while offset < buffer.count {
            let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            if written == 0 { return "no space written" }
            offset += written
        }
        return nil
    }
}
