/// A problem the user can fix, shown as one line (`parley: …`) with exit code 1. Never a stack trace.
public struct UserError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
