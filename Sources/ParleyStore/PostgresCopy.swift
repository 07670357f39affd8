import Foundation
import Logging
import NIOCore
import PostgresNIO

/// Rows sent to PostgreSQL with `COPY … FROM STDIN` (text format): the bulk path for the merge's
/// derived tables. Rows are gathered into a buffer and streamed in chunks of a few MiB by one COPY, so
/// the next chunk's rows are written while the server takes in this one's; its answer is waited for
/// with the connection's other writes (`PostgresSQL.settle`). Between the first row and `finish()`
/// nothing else may be sent on the connection: the server takes nothing else until the COPY ends.
struct PostgresCopy: RowBatch {
    private let connection: PostgresConnection
    private let logger: Logger
    private let table: String
    private let columns: [String]
    private var buffer = ByteBuffer()
    private var column = 0
    private var rows = 0
    private var stream: CopyStream?
    private let answerLater: (EventLoopFuture<Void>) throws -> Void
    /// What to send once the rows are.
    private let then: (() throws -> Void)?
    private static let chunk = 4 << 20

    init(connection: PostgresConnection, logger: Logger, table: String, columns: [String],
         answerLater: @escaping (EventLoopFuture<Void>) throws -> Void, then: (() throws -> Void)? = nil) {
        self.answerLater = answerLater
        self.then = then
        self.connection = connection
        self.logger = logger
        self.table = table
        self.columns = columns
        buffer.reserveCapacity(Self.chunk + (64 << 10))
    }

    private mutating func separate() {
        if column > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
        column += 1
    }

    /// Text with COPY's escapes: backslash, tab, line feed and carriage return; a NUL as `StoredText.nulStandIn`.
    mutating func text(_ value: String) {
        separate()
        var value = value
        value.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    private mutating func write(_ bytes: UnsafeRawBufferPointer) {
        var start = 0
        for (index, byte) in bytes.enumerated() {
            let escaped: UInt8
            switch byte {
            case UInt8(ascii: "\\"): escaped = UInt8(ascii: "\\")
            case UInt8(ascii: "\t"): escaped = UInt8(ascii: "t")
            case UInt8(ascii: "\n"): escaped = UInt8(ascii: "n")
            case UInt8(ascii: "\r"): escaped = UInt8(ascii: "r")
            case 0: escaped = 0
            default: continue
            }
            buffer.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[start ..< index]))
            if escaped == 0 {
                buffer.writeString(StoredText.nulStandIn)
            } else {
                buffer.writeInteger(UInt8(ascii: "\\"))
                buffer.writeInteger(escaped)
            }
            start = index + 1
        }
        buffer.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[start...]))
    }

    mutating func integer(_ value: Int64) {
        separate()
        buffer.writeString(String(value))
    }

    mutating func null() {
        separate()
        buffer.writeStaticString("\\N")
    }

    // RowBatch: columns are written in order, so the column number is not needed.
    mutating func bind(_ column: Int32, _ value: String) throws { text(value) }
    mutating func bind(_ column: Int32, _ value: String?) throws { if let value { text(value) } else { null() } }
    mutating func bind(_ column: Int32, _ value: Int) throws { integer(Int64(value)) }
    mutating func bind(_ column: Int32, _ value: Int64) throws { integer(value) }
    mutating func bind(_ column: Int32, _ value: Int?) throws { if let value { integer(Int64(value)) } else { null() } }
    mutating func bind(_ column: Int32, _ value: Bool) throws { integer(value ? 1 : 0) }

    @discardableResult
    mutating func endRow() throws -> (rows: Int, changed: Int)? {
        precondition(column == columns.count, "\(table): \(column) values for \(columns.count) columns")
        buffer.writeInteger(UInt8(ascii: "\n"))
        column = 0
        rows += 1
        if buffer.readableBytes >= Self.chunk { try send() }
        return nil
    }

    mutating func finish() throws {
        if rows > 0 { try send() }
        if let stream {
            self.stream = nil
            try answerLater(stream.end())
        }
        try then?()
    }

    private mutating func send() throws {
        if stream == nil { stream = CopyStream(connection: connection, logger: logger, table: table, columns: columns) }
        let data = buffer
        buffer = ByteBuffer()
        buffer.reserveCapacity(Self.chunk + (64 << 10))
        rows = 0
        try stream!.push(data)
    }
}

/// One `COPY … FROM STDIN` fed chunk by chunk from synchronous code: at most two chunks wait for the
/// server, so memory stays bounded while the writer keeps ahead of it.
private final class CopyStream: @unchecked Sendable {
    private let connection: PostgresConnection
    private let continuation: AsyncStream<ByteBuffer>.Continuation
    private let done: EventLoopPromise<Void>
    private let room = DispatchSemaphore(value: 2)
    private let lock = NSLock()
    private var ended = false

    init(connection: PostgresConnection, logger: Logger, table: String, columns: [String]) {
        self.connection = connection
        let (chunks, continuation) = AsyncStream<ByteBuffer>.makeStream()
        self.continuation = continuation
        done = connection.eventLoop.makePromise(of: Void.self)
        let room = self.room
        done.futureResult.whenComplete { [self] _ in
            // Whoever waits for room learns the COPY has ended (an error ends it early).
            lock.withLock { ended = true }
            room.signal()
        }
        Blocking.start { [done] in
            do {
                try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                    for await chunk in chunks {
                        try await writer.write(chunk)
                        room.signal()
                    }
                }
                done.succeed(())
            } catch {
                done.fail(error)
            }
        }
    }

    /// Hands `chunk` to the COPY once there is room; throws if the COPY ended early, with its error.
    func push(_ chunk: ByteBuffer) throws {
        while room.wait(timeout: .now() + .milliseconds(200)) == .timedOut {
            if connection.isClosed { throw PostgresConnectionLost() }
        }
        if lock.withLock({ ended }) {
            room.signal()
            return try connection.answer(end())
        }
        continuation.yield(chunk)
    }

    /// Ends the rows; the server's answer comes later.
    func end() -> EventLoopFuture<Void> {
        continuation.finish()
        return done.futureResult
    }
}

/// The one queue every statement and COPY of a PostgreSQL store is sent from, so the server gets them
/// in the order they were made; off Swift's shared thread pool, whose few threads may be the ones
/// waiting for the answers (as in a test).
enum Blocking {
    private final class QueueExecutor: TaskExecutor {
        let queue = DispatchQueue(label: "parley-store-async")

        func enqueue(_ job: consuming ExecutorJob) {
            let job = UnownedJob(job)
            let executor = asUnownedTaskExecutor()
            queue.async { job.runSynchronously(on: executor) }
        }
    }

    private static let executor = QueueExecutor()

    /// Runs `body` on the queue, after what was put on it before.
    static func enqueue(_ body: @escaping @Sendable () -> Void) {
        executor.queue.async(execute: body)
    }

    /// Starts `body` on the queue and returns.
    static func start(_ body: @escaping @Sendable () async -> Void) {
        Task(executorPreference: executor) { await body() }
    }

}
