package io.jnetkit.pod;

import io.jnetkit.hooks.HookName;
import io.jnetkit.net.Cidr;
import io.jnetkit.net.IpFamily;
import io.jnetkit.rtnl.RouteSpec;

import java.util.List;

/**
 * One way a live pod differs from its {@link PodSpec}, as data: what {@link Pods#check} returns
 * and {@link Pods#up} repairs. {@link #toString()} is a one-line description for people.
 */
public sealed interface Drift {
    /** Which namespace a device, address or route is in. */
    enum Side {
        HOST, POD;

        @Override
        public String toString() {
            return this == HOST ? "host" : "pod";
        }
    }

    /** The pod's namespace does not exist (so nothing of the pod does). */
    record NetnsMissing(String netns) implements Drift {
        @Override public String toString() { return "netns " + netns + " is missing"; }
    }

    /** A device of the pod is missing. */
    record DeviceMissing(Side side, String device) implements Drift {
        @Override public String toString() { return side + " device " + device + " is missing"; }
    }

    /** A device exists but is not what the spec says (kind, mode, other end); {@code up} refuses to fix this. */
    record DeviceMismatch(Side side, String device, String expected, String actual) implements Drift {
        @Override public String toString() { return side + " device " + device + ": expected " + expected + ", found " + actual; }
    }

    /** A device of the pod is administratively down. */
    record DeviceDown(Side side, String device) implements Drift {
        @Override public String toString() { return side + " device " + device + " is down"; }
    }

    /** A netkit default verdict (used while no program is attached) differs: {@code hook} PEER is the peer policy. */
    record NetkitPolicyMismatch(PodHook hook, String expected, String actual) implements Drift {
        @Override public String toString() {
            return "netkit " + (hook == PodHook.PEER ? "peer policy" : "policy") + " is " + actual + ", expected " + expected;
        }
    }

    record AddressMissing(Side side, String device, Cidr address) implements Drift {
        @Override public String toString() { return "address " + address + " is missing on " + side + " device " + device; }
    }

    /** An address on the pod's device that the spec does not list (IPv6 link-local addresses are not counted). */
    record AddressExtra(Side side, String device, Cidr address) implements Drift {
        @Override public String toString() { return "unexpected address " + address + " on " + side + " device " + device; }
    }

    record RouteMissing(Side side, RouteSpec route) implements Drift {
        @Override public String toString() { return side + " route " + Pods.describe(route) + " is missing"; }
    }

    /** The hook's program (policy or object program) is not attached, or its pin is gone or stale. */
    record ProgramMissing(PodHook hook, HookName at, PodProgram wanted) implements Drift {
        @Override public String toString() { return hook + " hook (" + at + "): " + wanted + " is not attached"; }
    }

    /** A policy is attached but it is not the spec's. */
    record PolicyDiffers(PodHook hook, HookName at, String expected, String actual) implements Drift {
        @Override public String toString() {
            return hook + " hook (" + at + "): policy is \"" + actual + "\", expected \"" + expected + "\"";
        }
    }

    /** Programs on the pod's hook that are not the pod's (attached by hand, or left by an earlier spec). */
    record ExtraPrograms(PodHook hook, HookName at, List<Integer> programIds) implements Drift {
        public ExtraPrograms {
            programIds = List.copyOf(programIds);
        }

        @Override public String toString() { return hook + " hook (" + at + "): extra programs " + programIds; }
    }

    /**
     * Forwarding of {@code family} is off in the host namespace: pods cannot reach each other
     * through it. Node-wide, not the pod's: {@link Pods#enableForwarding} sets it; {@code up}
     * does not.
     */
    record ForwardingOff(IpFamily family) implements Drift {
        @Override public String toString() { return family.word() + " forwarding is off in the host namespace"; }
    }
}
