// podsbench wires N pods with vishvananda/netlink (the library Docker and the CNI plugins use)
// the way jnetkit's Pods.up does, then takes them down, and prints the wall time of each phase.
// A benchmark for bin/bench-pods, not a test. Each pod: a named netns; a veth or netkit pair
// whose peer is created directly in the pod's namespace as eth0; in the pod lo and eth0 up,
// ADDR/32 on eth0 and a default route (veth: via 169.254.1.1, itself on-link; netkit L3: dev
// eth0); on the host 169.254.1.1/32 on the host end (veth only), the end up and ADDR/32 dev it.
// Down: the namespaces are deleted (their devices go with them), then it waits until every host
// end is gone, as jnetkit's down does.
//
//	podsbench -n 100 -datapath veth -prefix gb
package main

import (
	"flag"
	"fmt"
	"net"
	"os"
	"runtime"
	"time"

	"github.com/vishvananda/netlink"
	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"
)

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "podsbench: "+format+"\n", args...)
	os.Exit(1)
}

func addr(i int) *net.IPNet {
	return &net.IPNet{IP: net.IPv4(10, byte(100+i/65536), byte(i/256%256), byte(i%256)), Mask: net.CIDRMask(32, 32)}
}

var gateway = &net.IPNet{IP: net.IPv4(169, 254, 1, 1), Mask: net.CIDRMask(32, 32)}

func up(host *netlink.Handle, origin netns.NsHandle, prefix string, i int, datapath string) {
	name := fmt.Sprintf("%s%d", prefix, i)
	// NewNamed enters the new namespace: go back at once (the thread is locked).
	ns, err := netns.NewNamed(name)
	if err != nil {
		fail("netns %s: %v", name, err)
	}
	defer ns.Close()
	if err := netns.Set(origin); err != nil {
		fail("back to the host namespace: %v", err)
	}
	hostDev := "h" + name
	var link netlink.Link
	if datapath == "netkit" {
		nk := &netlink.Netkit{LinkAttrs: netlink.LinkAttrs{Name: hostDev}, Mode: netlink.NETKIT_MODE_L3,
			Policy: netlink.NETKIT_POLICY_FORWARD, PeerPolicy: netlink.NETKIT_POLICY_FORWARD}
		nk.SetPeerAttrs(&netlink.LinkAttrs{Name: "eth0", Namespace: netlink.NsFd(int(ns))})
		link = nk
	} else {
		link = &netlink.Veth{LinkAttrs: netlink.LinkAttrs{Name: hostDev}, PeerName: "eth0",
			PeerNamespace: netlink.NsFd(int(ns))}
	}
	if err := host.LinkAdd(link); err != nil {
		fail("link add %s: %v", hostDev, err)
	}
	pod, err := netlink.NewHandleAt(ns, unix.NETLINK_ROUTE)
	if err != nil {
		fail("handle in %s: %v", name, err)
	}
	defer pod.Close()
	lo, err := pod.LinkByName("lo")
	if err != nil {
		fail("lo in %s: %v", name, err)
	}
	eth0, err := pod.LinkByName("eth0")
	if err != nil {
		fail("eth0 in %s: %v", name, err)
	}
	if err := pod.LinkSetUp(lo); err != nil {
		fail("lo up: %v", err)
	}
	if err := pod.AddrAdd(eth0, &netlink.Addr{IPNet: addr(i)}); err != nil {
		fail("addr in %s: %v", name, err)
	}
	if err := pod.LinkSetUp(eth0); err != nil {
		fail("eth0 up: %v", err)
	}
	if datapath == "netkit" {
		if err := pod.RouteAdd(&netlink.Route{LinkIndex: eth0.Attrs().Index, Scope: netlink.SCOPE_LINK,
			Dst: &net.IPNet{IP: net.IPv4zero, Mask: net.CIDRMask(0, 32)}}); err != nil {
			fail("default route in %s: %v", name, err)
		}
	} else {
		if err := pod.RouteAdd(&netlink.Route{LinkIndex: eth0.Attrs().Index, Scope: netlink.SCOPE_LINK, Dst: gateway}); err != nil {
			fail("gateway route in %s: %v", name, err)
		}
		if err := pod.RouteAdd(&netlink.Route{LinkIndex: eth0.Attrs().Index, Gw: gateway.IP}); err != nil {
			fail("default route in %s: %v", name, err)
		}
	}
	h, err := host.LinkByName(hostDev)
	if err != nil {
		fail("host end %s: %v", hostDev, err)
	}
	if datapath != "netkit" {
		if err := host.AddrAdd(h, &netlink.Addr{IPNet: gateway}); err != nil {
			fail("gateway address on %s: %v", hostDev, err)
		}
	}
	if err := host.LinkSetUp(h); err != nil {
		fail("%s up: %v", hostDev, err)
	}
	if err := host.RouteAdd(&netlink.Route{LinkIndex: h.Attrs().Index, Scope: netlink.SCOPE_LINK, Dst: addr(i)}); err != nil {
		fail("host route to %s: %v", name, err)
	}
}

func main() {
	n := flag.Int("n", 10, "pods")
	datapath := flag.String("datapath", "veth", "veth or netkit")
	prefix := flag.String("prefix", "gb", "namespace name prefix (devices: h<prefix><i>)")
	base := flag.String("base", "", "named namespace standing in for the node (required)")
	flag.Parse()
	if *base == "" {
		fail("-base NS is required")
	}
	runtime.LockOSThread()
	origin, err := netns.GetFromName(*base)
	if err != nil {
		fail("base namespace %s: %v", *base, err)
	}
	if err := netns.Set(origin); err != nil {
		fail("enter %s: %v", *base, err)
	}
	host, err := netlink.NewHandleAt(origin, unix.NETLINK_ROUTE)
	if err != nil {
		fail("handle: %v", err)
	}
	start := time.Now()
	for i := 1; i <= *n; i++ {
		up(host, origin, *prefix, i, *datapath)
	}
	upTime := time.Since(start)
	start = time.Now()
	for i := 1; i <= *n; i++ {
		if err := netns.DeleteNamed(fmt.Sprintf("%s%d", *prefix, i)); err != nil {
			fail("delete netns: %v", err)
		}
	}
	for {
		links, err := host.LinkList()
		if err != nil {
			fail("link list: %v", err)
		}
		left := 0
		for _, l := range links {
			if len(l.Attrs().Name) > len(*prefix) && l.Attrs().Name[:1+len(*prefix)] == "h"+*prefix {
				left++
			}
		}
		if left == 0 {
			break
		}
		time.Sleep(2 * time.Millisecond)
	}
	downTime := time.Since(start)
	fmt.Printf("go-netlink %d %.1f %.1f\n", *n, upTime.Seconds()*1000, downTime.Seconds()*1000)
}
