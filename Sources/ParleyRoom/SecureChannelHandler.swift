import Foundation
import NIOCore

/// Puts `SecureChannel` into a NIO pipeline, after the length-prefix framing: frames in, room
/// messages out (and back). It sends its hello when the connection opens and holds outgoing
/// messages until the other hello has arrived. A message that does not decode is dropped and
/// reported as a `RoomNotice`, never a crash; a wrong code or a broken protocol closes the
/// connection, the server first telling the client why in a fixed sentence.
public final class SecureChannelHandler: ChannelDuplexHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = RoomMessage
    public typealias OutboundIn = RoomMessage
    public typealias OutboundOut = ByteBuffer

    private var channel: SecureChannel
    private var held: [(RoomMessage, EventLoopPromise<Void>?)] = []

    public init(role: SecureChannel.Role, key: RoomKey) {
        channel = SecureChannel(role: role, key: key)
    }

    public func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: channel.hello)), promise: nil)
        context.fireChannelActive()
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = Data(unwrapInboundIn(data).readableBytesView)
        let plaintext: Data?
        do { plaintext = try channel.receive(frame) } catch { return fail(error, context: context) }
        guard let plaintext else {
            // The hellos are exchanged: what waited can go.
            for (message, promise) in held { send(message, context: context, promise: promise) }
            held.removeAll()
            context.flush()
            return
        }
        do {
            context.fireChannelRead(wrapInboundOut(try RoomMessage.decode(plaintext)))
        } catch {
            context.fireUserInboundEventTriggered(RoomNotice.dropped(error.description))
        }
    }

    /// A framing error below us (a declared length past the limit): pass it on and hang up.
    public func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.fireErrorCaught(error)
        context.close(promise: nil)
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let message = unwrapOutboundIn(data)
        guard channel.isOpen else { held.append((message, promise)); return }
        send(message, context: context, promise: promise)
    }

    private func send(_ message: RoomMessage, context: ChannelHandlerContext, promise: EventLoopPromise<Void>?) {
        do {
            let frame = try channel.seal(try message.encoded())
            context.write(wrapOutboundOut(ByteBuffer(bytes: frame)), promise: promise)
        } catch {
            promise?.fail(error)
        }
    }

    private func fail(_ error: RoomError, context: ChannelHandlerContext) {
        for (_, promise) in held { promise?.fail(error) }
        held.removeAll()
        context.fireErrorCaught(error)
        if channel.role == .server, error == .wrongCode {
            let refusal = ByteBuffer(bytes: SecureChannel.refusal("wrong room code"))
            let connection = context.channel
            context.writeAndFlush(wrapOutboundOut(refusal)).whenComplete { _ in connection.close(promise: nil) }
        } else {
            context.close(promise: nil)
        }
    }
}

/// What a room connection reports besides messages.
public enum RoomNotice: Equatable, Sendable {
    /// A message that arrived sealed but did not decode or failed the log's rules; the reason.
    case dropped(String)
}
