/// A test's own failure: what went wrong, in words.
public struct TestError: Error, CustomStringConvertible {
    public var description: String

    public init(description: String) { self.description = description }
}
