import Foundation
import NIOCore
import NIOEmbedded
import NIOPosix
import Testing
import ParleyCore
@testable import ParleyRoom

/// Collects what reaches the end of a pipeline.
final class Inbox: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = RoomMessage
    var messages: [RoomMessage] = []
    var errors: [Error] = []
    var notices: [RoomNotice] = []
    func channelRead(context: ChannelHandlerContext, data: NIOAny) { messages.append(unwrapInboundIn(data)) }
    func errorCaught(context: ChannelHandlerContext, error: Error) { errors.append(error) }
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let notice = event as? RoomNotice { notices.append(notice) }
    }
}

@Suite struct SecureChannelHandlerTests {
    /// Two embedded channels whose written bytes are carried to each other by `shuttle`.
    final class Wire {
        let client = EmbeddedChannel(), server = EmbeddedChannel()
        let clientInbox = Inbox(), serverInbox = Inbox()
        /// Every byte that crossed, both ways: what a bystander on the Wi-Fi could record.
        var captured = Data()

        init(clientCode: String = "maple-otter-cello-piano") throws {
            try client.pipeline.syncOperations.addHandlers(RoomPipeline.handlers(role: .client, key: try RoomKey(code: RoomCode(clientCode)!)) + [clientInbox])
            try server.pipeline.syncOperations.addHandlers(RoomPipeline.handlers(role: .server, key: SecureChannelTests.key) + [serverInbox])
            try server.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
            try client.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        }

        /// Carries bytes until nothing moves.
        func shuttle() throws {
            var moved = true
            while moved {
                moved = false
                while let bytes = try client.readOutbound(as: ByteBuffer.self) {
                    captured += Data(bytes.readableBytesView); moved = true
                    if server.isActive { try server.writeInbound(bytes) }
                }
                while let bytes = try server.readOutbound(as: ByteBuffer.self) {
                    captured += Data(bytes.readableBytesView); moved = true
                    if client.isActive { try client.writeInbound(bytes) }
                }
            }
        }
    }

    static let event = RoomMessageTests.event

    @Test func messagesWrittenBeforeTheHellosGoOnceTheChannelOpens() throws {
        let wire = try Wire()
        wire.client.writeAndFlush(RoomMessage.join(.init(writer: "ana", role: .noteTaker, instance: "laptop-1")), promise: nil)
        try wire.shuttle()
        #expect(wire.serverInbox.messages == [.join(.init(writer: "ana", role: .noteTaker, instance: "laptop-1"))])
        wire.server.writeAndFlush(RoomMessage.event(Self.event), promise: nil)
        try wire.shuttle()
        #expect(wire.clientInbox.messages == [.event(Self.event)])
        // Quoted as JSON carries them: a bare two-letter needle turns up in random ciphertext by chance.
        for needle in ["a note", #""P3""#, #""trust""#, #""ana""#] {
            #expect(wire.captured.range(of: Data(needle.utf8)) == nil, "\(needle) crossed in clear")
        }
    }

    @Test func aWrongCodeIsToldToTheJoinerAndNothingCrosses() throws {
        let wire = try Wire(clientCode: "wrong-code-here")
        wire.client.writeAndFlush(RoomMessage.join(.init(writer: "ana", role: .noteTaker, instance: "laptop-1")), promise: nil)
        try wire.shuttle()
        #expect(wire.serverInbox.messages.isEmpty)
        #expect(wire.serverInbox.errors.compactMap { $0 as? RoomError } == [.wrongCode])
        #expect(wire.clientInbox.errors.compactMap { $0 as? RoomError } == [.refused("wrong room code")])
        #expect(!wire.server.isActive && !wire.client.isActive)
    }

    @Test func aHugeDeclaredLengthIsRefusedWithoutWaitingForIt() throws {
        let wire = try Wire()
        try wire.shuttle()
        var hostile = ByteBuffer()
        hostile.writeInteger(UInt32.max)
        hostile.writeRepeatingByte(0x41, count: RoomMessage.maximumBytes + 128)
        try? wire.server.writeInbound(hostile)
        #expect(!wire.serverInbox.errors.isEmpty, "the framing error reaches the room")
        #expect(!wire.server.isActive)
    }

    @Test func overLoopbackWithRealSockets() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let serverInbox = Inbox()
        let server = try await ServerBootstrap(group: group)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers(RoomPipeline.handlers(role: .server, key: SecureChannelTests.key) + [serverInbox])
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let client = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers(RoomPipeline.handlers(role: .client, key: SecureChannelTests.key))
                }
            }
            .connect(host: "127.0.0.1", port: server.localAddress!.port!).get()
        try await client.writeAndFlush(RoomMessage.event(Self.event))
        let deadline = ContinuousClock.now + .seconds(5)
        while try await server.eventLoop.submit({ serverInbox.messages.isEmpty }).get(), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(try await server.eventLoop.submit({ serverInbox.messages }).get() == [.event(Self.event)])
        try await client.close()
        try await server.close()
        try await group.shutdownGracefully()
    }
}
