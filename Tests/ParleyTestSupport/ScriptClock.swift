import Foundation
import ParleyCore

/// A clock the test sets: events get exactly the times the script gives.
public final class ScriptClock: ParleyCore.Clock, @unchecked Sendable {
    public static let start = 1_764_072_000.0
    public var seconds = 0.0

    public init() {}

    public func now() -> Date { Date(timeIntervalSince1970: Self.start + seconds) }
    public func monotonicMilliseconds() -> Int { Int(seconds * 1000) }
}
