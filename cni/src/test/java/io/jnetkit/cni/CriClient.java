package io.jnetkit.cni;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.ClientCalls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The kubelet's side of the CRI, as far as pod networking goes: {@code runtime.v1.RuntimeService}'s
 * Version, RunPodSandbox, PodSandboxStatus, ListPodSandbox, StopPodSandbox and RemovePodSandbox over
 * the runtime's Unix socket (what {@code crictl version / runp / inspectp / pods / stopp / rmp} send).
 */
final class CriClient implements AutoCloseable {
    private static final String SERVICE = "runtime.v1.RuntimeService";

    // Netty's native epoll transport: its channels speak Unix domain sockets.
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
    private final ManagedChannel channel;

    CriClient(Path socket) {
        channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .eventLoopGroup(group)
                .channelType(EpollDomainSocketChannel.class)
                .overrideAuthority("localhost")
                .usePlaintext()
                .maxInboundMessageSize(16 << 20)
                .build();
    }

    /** The runtime's name and version (VersionResponse runtime_name 2, runtime_version 3, runtime_api_version 4). */
    String version() {
        CriWire.In r = call("Version", new CriWire.Out().string(1, "v1"), 10);
        return r.string(2) + " " + r.string(3) + " (CRI " + r.string(4) + ")";
    }

    /** A pod as kubelet asks for it: its network namespace the pod's own (NamespaceMode POD); its sandbox id. */
    String runPodSandbox(String name, String uid, String namespace, Path logDirectory) {
        CriWire.Out metadata = new CriWire.Out().string(1, name).string(2, uid).string(3, namespace).uint(4, 0);
        // NamespaceOption: network 1, pid 2, ipc 3; POD is 0, the protobuf default, written as absence.
        CriWire.Out namespaces = new CriWire.Out();
        CriWire.Out security = new CriWire.Out().message(1, namespaces);
        CriWire.Out linux = new CriWire.Out().message(2, security);
        CriWire.Out config = new CriWire.Out()
                .message(1, metadata)
                .string(2, name)
                .string(3, logDirectory.toString())
                .map(6, Map.of("app", "jnetkit-cri-test"))
                .message(8, linux);
        return call("RunPodSandbox", new CriWire.Out().message(1, config), 120).string(1);
    }

    /** What PodSandboxStatus says about a pod's network, with containerd's verbose info (a JSON document). */
    record SandboxStatus(String id, boolean ready, String ip, List<String> additionalIps, Map<String, String> info) {}

    SandboxStatus podSandboxStatus(String id) {
        CriWire.In r = call("PodSandboxStatus", new CriWire.Out().string(1, id).bool(2, true), 30);
        CriWire.In status = r.message(1);
        CriWire.In network = status.message(5);
        List<String> more = new ArrayList<>();
        for (CriWire.In ip : network.messages(2)) more.add(ip.string(1));
        return new SandboxStatus(status.string(1), status.number(3) == 0, network.string(1), more, r.map(2));
    }

    /** Every sandbox's id (ListPodSandbox without a filter; PodSandbox id 1), what kubelet's clean-up walks. */
    List<String> listPodSandbox() {
        return call("ListPodSandbox", new CriWire.Out(), 30).messages(1).stream().map(p -> p.string(1)).toList();
    }

    void stopPodSandbox(String id) {
        call("StopPodSandbox", new CriWire.Out().string(1, id), 120);
    }

    void removePodSandbox(String id) {
        call("RemovePodSandbox", new CriWire.Out().string(1, id), 120);
    }

    private CriWire.In call(String method, CriWire.Out request, int seconds) {
        MethodDescriptor<byte[], byte[]> m = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, method))
                .setRequestMarshaller(BYTES)
                .setResponseMarshaller(BYTES)
                .build();
        try {
            byte[] reply = ClientCalls.blockingUnaryCall(channel, m,
                    CallOptions.DEFAULT.withDeadlineAfter(seconds, TimeUnit.SECONDS), request.bytes());
            return CriWire.In.parse(reply);
        } catch (StatusRuntimeException e) {
            throw new IllegalStateException("CRI " + method + ": " + e.getStatus().getCode() + ": " + e.getStatus().getDescription(), e);
        }
    }

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
