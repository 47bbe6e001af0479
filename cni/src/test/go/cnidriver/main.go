// Command cnidriver calls CNI plugins through libcni, the library containerd's CRI plugin, CRI-O
// and podman link, so a plugin is exercised by the same code a runtime runs and not only by
// hand-fed stdin. It is a test tool: it is built offline from Debian's golang-github-appc-cni-dev
// (libcni 1.1.2) by bin/build-cnidriver and driven by bin/cni-client-smoke and the CNI tests.
//
// The closest upstream tool is cnitool ("cnitool add NET NETNS"); it is not packaged in Debian,
// runs one container at a time and prints nothing a test can parse.
//
// Usage:
//
//	cnidriver -conf FILE_OR_DIR [-net NAME] -path BINDIR[:BINDIR] [-cache DIR] OP [CID:NETNS:IFNAME ...]
//
// OP is add, check, del, gc, status, version or validate. Each CID:NETNS:IFNAME triple is one
// container attachment; add, check and del run one goroutine per triple, all at once, because a
// runtime starting a pod set does the same and a plugin must cope with it (-serial runs them one
// after another). gc takes the triples as the attachments that are still valid; status, version
// and validate take none. One JSON line per operation goes to stdout, in completion order:
//
//	{"op":"add","cid":"c1","netns":"/run/netns/x","ifname":"eth0","ok":true,"result":{...},"ms":12.3}
//	{"op":"del","cid":"c1",...,"ok":false,"error":{"code":7,"msg":"...","details":"...","text":"..."},"ms":4.1}
//
// "result" is the plugin's result as libcni parsed it (add) or what the driver learnt (gc, version,
// validate); "error" carries the plugin's CNI error object (code, msg, details) when the plugin
// printed one, and "text" is the whole error as libcni reports it to a runtime. The exit status is
// 0 when every operation succeeded, 1 when one failed and 2 for bad usage.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/ioutil"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/containernetworking/cni/libcni"
	"github.com/containernetworking/cni/pkg/invoke"
	"github.com/containernetworking/cni/pkg/types"
	"github.com/containernetworking/cni/pkg/version"
)

// attachment is one container's interface on the network: what a runtime hands libcni per call.
type attachment struct {
	cid, netns, ifname string
}

// record is one line of output.
type record struct {
	Op     string      `json:"op"`
	Cid    string      `json:"cid,omitempty"`
	Netns  string      `json:"netns,omitempty"`
	Ifname string      `json:"ifname,omitempty"`
	Ok     bool        `json:"ok"`
	Result interface{} `json:"result,omitempty"`
	Error  *errorJSON  `json:"error,omitempty"`
	Ms     float64     `json:"ms"`
}

type errorJSON struct {
	Code    uint   `json:"code"`
	Msg     string `json:"msg"`
	Details string `json:"details,omitempty"`
	// Text is the error as libcni words it to its caller, plugin description included.
	Text string `json:"text"`
}

type driver struct {
	cni      *libcni.CNIConfig
	list     *libcni.NetworkConfigList
	cacheDir string
	cniArgs  string
	capArgs  map[string]interface{}
	timeout  time.Duration

	outMu sync.Mutex
	out   *json.Encoder
}

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(argv []string) int {
	fs := flag.NewFlagSet("cnidriver", flag.ContinueOnError)
	conf := fs.String("conf", "", "a .conflist or .conf file, or a directory searched for -net the way runtimes do (required)")
	netName := fs.String("net", "", "network name to load from a -conf directory")
	binPath := fs.String("path", "/opt/cni/bin:/usr/lib/cni", "plugin directories, colon-separated (CNI_PATH)")
	cacheDir := fs.String("cache", libcni.CacheDir, "libcni's result cache directory (runtimes use /var/lib/cni)")
	cniArgs := fs.String("args", "IgnoreUnknown=1", "CNI_ARGS as K=V;K=V; {cid} is replaced by the container id")
	capArgs := fs.String("cap", "", "capability arguments as a JSON object (runtimeConfig), e.g. {\"portMappings\":[]}")
	cniVersion := fs.String("cni-version", "", "override the conflist's cniVersion for every operation")
	serial := fs.Bool("serial", false, "run the attachments one after another instead of concurrently")
	timeout := fs.Duration("timeout", 2*time.Minute, "deadline per operation")
	fs.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: cnidriver -conf FILE_OR_DIR [-net NAME] -path BINDIR[:BINDIR] [-cache DIR] add|check|del|gc|status|version|validate [CID:NETNS:IFNAME ...]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(argv); err != nil {
		return 2
	}
	rest := fs.Args()
	if *conf == "" || len(rest) == 0 {
		fs.Usage()
		return 2
	}
	op := rest[0]
	atts, err := parseAttachments(rest[1:])
	if err != nil {
		fmt.Fprintf(os.Stderr, "cnidriver: %v\n", err)
		return 2
	}
	switch op {
	case "add", "check", "del":
		if len(atts) == 0 {
			fmt.Fprintf(os.Stderr, "cnidriver: %s needs at least one CID:NETNS:IFNAME\n", op)
			return 2
		}
	case "gc":
	case "status", "version", "validate":
		if len(atts) != 0 {
			fmt.Fprintf(os.Stderr, "cnidriver: %s takes no attachments\n", op)
			return 2
		}
	default:
		fmt.Fprintf(os.Stderr, "cnidriver: unknown operation %q\n", op)
		return 2
	}

	list, err := loadList(*conf, *netName)
	if err != nil {
		fmt.Fprintf(os.Stderr, "cnidriver: load network configuration: %v\n", err)
		return 2
	}
	if *cniVersion != "" {
		if list, err = withVersion(list, *cniVersion); err != nil {
			fmt.Fprintf(os.Stderr, "cnidriver: override cniVersion: %v\n", err)
			return 2
		}
	}
	d := &driver{
		cni:      libcni.NewCNIConfigWithCacheDir(filepath.SplitList(*binPath), *cacheDir, nil),
		list:     list,
		cacheDir: *cacheDir,
		cniArgs:  *cniArgs,
		timeout:  *timeout,
		out:      json.NewEncoder(os.Stdout),
	}
	d.out.SetEscapeHTML(false)
	if *capArgs != "" {
		if err := json.Unmarshal([]byte(*capArgs), &d.capArgs); err != nil {
			fmt.Fprintf(os.Stderr, "cnidriver: parse -cap: %v\n", err)
			return 2
		}
	}

	var ok bool
	switch op {
	case "add", "check", "del":
		ok = d.perAttachment(op, atts, *serial)
	case "gc":
		ok = d.emit(d.timed("gc", attachment{}, func(ctx context.Context) (interface{}, error) { return d.gc(ctx, atts) }))
	case "status":
		ok = d.emit(d.timed("status", attachment{}, d.status))
	case "version":
		ok = d.emit(d.timed("version", attachment{}, d.versions))
	case "validate":
		ok = d.emit(d.timed("validate", attachment{}, func(ctx context.Context) (interface{}, error) {
			caps, err := d.cni.ValidateNetworkList(ctx, d.list)
			sort.Strings(caps)
			return map[string]interface{}{"capabilities": caps}, err
		}))
	}
	if !ok {
		return 1
	}
	return 0
}

func parseAttachments(args []string) ([]attachment, error) {
	var atts []attachment
	seen := map[string]bool{}
	for _, a := range args {
		// The netns path may not contain ':' (runtimes use /run/netns/NAME or /proc/PID/ns/net),
		// so a plain split is unambiguous.
		parts := strings.Split(a, ":")
		if len(parts) != 3 || parts[0] == "" || parts[2] == "" {
			return nil, fmt.Errorf("bad attachment %q: want CID:NETNS:IFNAME", a)
		}
		key := parts[0] + "/" + parts[2]
		if seen[key] {
			return nil, fmt.Errorf("attachment %s given twice", key)
		}
		seen[key] = true
		atts = append(atts, attachment{cid: parts[0], netns: parts[1], ifname: parts[2]})
	}
	return atts, nil
}

// loadList finds the network the way runtimes do: a directory is searched by network name
// (.conflist first, then a .conf/.json upgraded to a one-plugin list, as libcni.LoadConfList does);
// a file is read directly.
func loadList(conf, name string) (*libcni.NetworkConfigList, error) {
	st, err := os.Stat(conf)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		if name == "" {
			return nil, errors.New("-net is required when -conf is a directory")
		}
		return libcni.LoadConfList(conf, name)
	}
	var list *libcni.NetworkConfigList
	if strings.HasSuffix(conf, ".conflist") {
		list, err = libcni.ConfListFromFile(conf)
	} else {
		var one *libcni.NetworkConfig
		if one, err = libcni.ConfFromFile(conf); err == nil {
			list, err = libcni.ConfListFromConf(one)
		}
	}
	if err != nil {
		return nil, err
	}
	if name != "" && list.Name != name {
		return nil, fmt.Errorf("%s holds network %q, not %q", conf, list.Name, name)
	}
	return list, nil
}

// withVersion re-parses the list with another top-level cniVersion; libcni injects the list's
// version into every plugin's config, so this changes what every plugin is told.
func withVersion(list *libcni.NetworkConfigList, v string) (*libcni.NetworkConfigList, error) {
	raw := map[string]interface{}{}
	if err := json.Unmarshal(list.Bytes, &raw); err != nil {
		return nil, err
	}
	raw["cniVersion"] = v
	b, err := json.Marshal(raw)
	if err != nil {
		return nil, err
	}
	return libcni.ConfListFromBytes(b)
}

func (d *driver) runtimeConf(a attachment) *libcni.RuntimeConf {
	rt := &libcni.RuntimeConf{ContainerID: a.cid, NetNS: a.netns, IfName: a.ifname, CapabilityArgs: d.capArgs}
	if d.cniArgs != "" {
		for _, kv := range strings.Split(strings.ReplaceAll(d.cniArgs, "{cid}", a.cid), ";") {
			if kv == "" {
				continue
			}
			k, v, _ := strings.Cut(kv, "=")
			rt.Args = append(rt.Args, [2]string{k, v})
		}
	}
	return rt
}

func (d *driver) perAttachment(op string, atts []attachment, serial bool) bool {
	var wg sync.WaitGroup
	var mu sync.Mutex
	all := true
	one := func(a attachment) {
		defer wg.Done()
		ok := d.emit(d.timed(op, a, func(ctx context.Context) (interface{}, error) {
			rt := d.runtimeConf(a)
			switch op {
			case "add":
				res, err := d.cni.AddNetworkList(ctx, d.list, rt)
				if err != nil {
					return nil, err
				}
				return res, nil
			case "check":
				return nil, d.cni.CheckNetworkList(ctx, d.list, rt)
			default:
				return nil, d.cni.DelNetworkList(ctx, d.list, rt)
			}
		}))
		mu.Lock()
		all = all && ok
		mu.Unlock()
	}
	for _, a := range atts {
		wg.Add(1)
		if serial {
			one(a)
		} else {
			go one(a)
		}
	}
	wg.Wait()
	return all
}

func (d *driver) timed(op string, a attachment, f func(ctx context.Context) (interface{}, error)) record {
	ctx, cancel := context.WithTimeout(context.Background(), d.timeout)
	defer cancel()
	start := time.Now()
	res, err := f(ctx)
	r := record{Op: op, Cid: a.cid, Netns: a.netns, Ifname: a.ifname, Ok: err == nil, Result: res,
		Ms: float64(time.Since(start).Microseconds()) / 1000}
	if err != nil {
		r.Result = nil
		r.Error = &errorJSON{Msg: err.Error(), Text: err.Error()}
		// libcni wraps the plugin's error object ("plugin type=... failed (add): %w"); unwrap it
		// so the test sees the plugin's own code, msg and details.
		var perr *types.Error
		if errors.As(err, &perr) {
			r.Error.Code, r.Error.Msg, r.Error.Details = perr.Code, perr.Msg, perr.Details
		}
	}
	return r
}

func (d *driver) emit(r record) bool {
	d.outMu.Lock()
	defer d.outMu.Unlock()
	if err := d.out.Encode(r); err != nil {
		fmt.Fprintf(os.Stderr, "cnidriver: write result: %v\n", err)
		return false
	}
	return r.Ok
}

// versions asks every plugin of the list which spec versions it speaks (CNI_COMMAND=VERSION).
func (d *driver) versions(ctx context.Context) (interface{}, error) {
	out := map[string][]string{}
	for _, p := range d.list.Plugins {
		vi, err := d.cni.GetVersionInfo(ctx, p.Network.Type)
		if err != nil {
			return nil, fmt.Errorf("plugin type=%q version: %w", p.Network.Type, err)
		}
		out[p.Network.Type] = vi.SupportedVersions()
	}
	return out, nil
}

// statusVersion is the spec version that introduced STATUS and GC.
const statusVersion = "1.1.0"

// status runs CNI_COMMAND=STATUS on every plugin of the list, in order, stopping at the first
// error, as spec 1.1 describes. libcni 1.1.2 predates STATUS, so the driver invokes the plugins
// itself through libcni's invoke package. A list older than 1.1.0 is not asked (a 1.0.0 plugin
// would answer "unknown CNI_COMMAND"); the result says so.
func (d *driver) status(ctx context.Context) (interface{}, error) {
	if skip, err := d.tooOld(); skip != nil || err != nil {
		return skip, err
	}
	for _, p := range d.list.Plugins {
		if err := d.invokeNoContainer(ctx, "STATUS", p, nil); err != nil {
			return nil, fmt.Errorf("plugin type=%q status: %w", p.Network.Type, err)
		}
	}
	return map[string]interface{}{"invoked": true}, nil
}

// gc is a runtime's garbage collection for this network, given the attachments still valid:
// every attachment libcni has cached for the network but that is not in the valid set gets a DEL
// (its container is gone), then, for lists of spec 1.1.0 or newer, every plugin gets
// CNI_COMMAND=GC with "cni.dev/valid-attachments" so it can drop what the cache never knew.
func (d *driver) gc(ctx context.Context, valid []attachment) (interface{}, error) {
	keep := map[[2]string]bool{}
	validJSON := []map[string]string{}
	for _, a := range valid {
		keep[[2]string{a.cid, a.ifname}] = true
		validJSON = append(validJSON, map[string]string{"containerID": a.cid, "ifname": a.ifname})
	}
	cached, err := d.cachedAttachments()
	if err != nil {
		return nil, err
	}
	deleted := []string{}
	var errs []error
	for _, c := range cached {
		if keep[[2]string{c.cid, c.ifname}] {
			continue
		}
		rt := d.runtimeConf(c)
		if err := d.cni.DelNetworkList(ctx, d.list, rt); err != nil {
			errs = append(errs, fmt.Errorf("del %s/%s: %w", c.cid, c.ifname, err))
			continue
		}
		deleted = append(deleted, c.cid+"/"+c.ifname)
	}
	res := map[string]interface{}{"deleted": deleted, "invoked": false}
	gte, err := version.GreaterThanOrEqualTo(d.list.CNIVersion, statusVersion)
	if err != nil {
		return nil, err
	}
	if gte {
		for _, p := range d.list.Plugins {
			if err := d.invokeNoContainer(ctx, "GC", p, map[string]interface{}{"cni.dev/valid-attachments": validJSON}); err != nil {
				errs = append(errs, fmt.Errorf("plugin type=%q gc: %w", p.Network.Type, err))
				break
			}
		}
		res["invoked"] = true
	} else {
		res["skipped"] = fmt.Sprintf("cniVersion %s < %s: plugins not asked to GC", d.list.CNIVersion, statusVersion)
	}
	switch len(errs) {
	case 0:
		return res, nil
	case 1:
		// Wrapped, so the record carries the plugin's own error object.
		return nil, errs[0]
	default:
		msgs := make([]string, len(errs))
		for i, e := range errs {
			msgs[i] = e.Error()
		}
		return nil, errors.New(strings.Join(msgs, "; "))
	}
}

func (d *driver) tooOld() (interface{}, error) {
	gte, err := version.GreaterThanOrEqualTo(d.list.CNIVersion, statusVersion)
	if err != nil {
		return nil, err
	}
	if !gte {
		return map[string]interface{}{"invoked": false,
			"skipped": fmt.Sprintf("cniVersion %s < %s: plugins not asked", d.list.CNIVersion, statusVersion)}, nil
	}
	return nil, nil
}

// noContainerArgs is the environment of STATUS and GC: only the command and the plugin path,
// none of the per-container variables (spec 1.1).
type noContainerArgs struct {
	command, path string
}

func (a noContainerArgs) AsEnv() []string {
	var env []string
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "CNI_") {
			env = append(env, e)
		}
	}
	return append(env, "CNI_COMMAND="+a.command, "CNI_PATH="+a.path)
}

func (d *driver) invokeNoContainer(ctx context.Context, command string, p *libcni.NetworkConfig, extra map[string]interface{}) error {
	pluginPath, err := invoke.FindInPath(p.Network.Type, d.cni.Path)
	if err != nil {
		return err
	}
	inject := map[string]interface{}{"name": d.list.Name, "cniVersion": d.list.CNIVersion}
	for k, v := range extra {
		inject[k] = v
	}
	conf, err := libcni.InjectConf(p, inject)
	if err != nil {
		return err
	}
	return invoke.ExecPluginWithoutResult(ctx, pluginPath, conf.Bytes,
		noContainerArgs{command: command, path: strings.Join(d.cni.Path, string(os.PathListSeparator))}, nil)
}

// cachedAttachments lists what libcni cached at ADD for this network: files named
// NETWORK-CID-IFNAME under CACHE/results, whose JSON holds the container id and interface.
func (d *driver) cachedAttachments() ([]attachment, error) {
	dir := filepath.Join(d.cacheDir, "results")
	files, err := ioutil.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []attachment
	for _, f := range files {
		if !strings.HasPrefix(f.Name(), d.list.Name+"-") {
			continue
		}
		b, err := ioutil.ReadFile(filepath.Join(dir, f.Name()))
		if err != nil {
			return nil, err
		}
		var c struct {
			Kind        string `json:"kind"`
			ContainerID string `json:"containerId"`
			IfName      string `json:"ifName"`
			NetworkName string `json:"networkName"`
		}
		if json.Unmarshal(b, &c) != nil || c.Kind != libcni.CNICacheV1 || c.NetworkName != d.list.Name {
			continue
		}
		// The netns is not cached; DEL without one is what a runtime sends for a vanished
		// container, and the spec requires plugins to accept it.
		out = append(out, attachment{cid: c.ContainerID, ifname: c.IfName})
	}
	return out, nil
}
