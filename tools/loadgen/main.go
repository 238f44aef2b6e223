// Command loadgen drives one unary gRPC method at a fixed arrival rate (open loop) or with a
// fixed number of back-to-back callers (closed loop) and prints every call's latency as JSON.
//
// The benchmarks (`npm run bench:*`) use it as the measuring client because it is cheap and its
// garbage collector does not stop the world for milliseconds: a Node grpc-js client on the same
// two cores adds its own young-generation GC pauses (about 10 ms each, measured) to the tail it
// reports. Requests come pre-encoded from the benchmark (protobuf bytes, so the real contract
// encoder builds them), each a uint32 big-endian length then the message; calls use them in turn.
package main

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// rawCodec sends and receives messages as the bytes they already are.
type rawCodec struct{}

func (rawCodec) Marshal(v any) ([]byte, error) {
	b, ok := v.(*[]byte)
	if !ok {
		return nil, fmt.Errorf("rawCodec: %T is not *[]byte", v)
	}
	return *b, nil
}

func (rawCodec) Unmarshal(data []byte, v any) error {
	b, ok := v.(*[]byte)
	if !ok {
		return fmt.Errorf("rawCodec: %T is not *[]byte", v)
	}
	*b = append((*b)[:0], data...)
	return nil
}

func (rawCodec) Name() string { return "proto" }

type result struct {
	Mode       string    `json:"mode"`
	Sent       int64     `json:"sent"`
	Ok         int64     `json:"ok"`
	Errors     int64     `json:"errors"`
	Shed       int64     `json:"shed"`
	FirstError string    `json:"firstError,omitempty"`
	Seconds    float64   `json:"seconds"`
	Latencies  []float64 `json:"latencies"`
	Lateness   []float64 `json:"lateness"`
}

type metadataFlag []string

func (m *metadataFlag) String() string     { return strings.Join(*m, ",") }
func (m *metadataFlag) Set(v string) error { *m = append(*m, v); return nil }

func readRequests(path string) ([][]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out [][]byte
	for len(data) > 0 {
		if len(data) < 4 {
			return nil, errors.New("truncated length prefix")
		}
		n := binary.BigEndian.Uint32(data)
		if uint32(len(data)-4) < n {
			return nil, errors.New("truncated message")
		}
		out = append(out, data[4:4+n])
		data = data[4+n:]
	}
	if len(out) == 0 {
		return nil, errors.New("no requests in file")
	}
	return out, nil
}

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

func main() {
	addr := flag.String("addr", "", "server address host:port")
	method := flag.String("method", "", "full method, /package.Service/Method")
	requestsPath := flag.String("requests", "", "file of length-prefixed encoded requests")
	mode := flag.String("mode", "open", "open (fixed arrival rate) or closed (back-to-back callers)")
	rps := flag.Float64("rps", 500, "open loop: arrivals per second")
	seconds := flag.Float64("seconds", 20, "how long to run")
	maxInFlight := flag.Int64("max-in-flight", 256, "open loop: arrivals beyond this many waiting calls are shed")
	concurrency := flag.Int("concurrency", 32, "closed loop: callers")
	warmup := flag.Float64("warmup-seconds", 0, "closed-loop warm-up before measuring (8 callers)")
	deadline := flag.Duration("deadline", 10*time.Second, "per-call deadline")
	progressEvery := flag.Duration("progress", 5*time.Second, "open loop: a progress line on stderr this often")
	var md metadataFlag
	flag.Var(&md, "metadata", "key=value sent with every call (repeatable)")
	flag.Parse()

	fail := func(format string, a ...any) {
		fmt.Fprintf(os.Stderr, "loadgen: "+format+"\n", a...)
		os.Exit(2)
	}
	if *addr == "" || *method == "" || *requestsPath == "" {
		fail("-addr, -method and -requests are required")
	}
	requests, err := readRequests(*requestsPath)
	if err != nil {
		fail("reading %s: %v", *requestsPath, err)
	}
	pairs := []string{}
	for _, kv := range md {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			fail("-metadata %q is not key=value", kv)
		}
		pairs = append(pairs, strings.ToLower(k), v)
	}
	conn, err := grpc.NewClient(*addr, grpc.WithTransportCredentials(insecure.NewCredentials()), grpc.WithDefaultCallOptions(grpc.ForceCodec(rawCodec{})))
	if err != nil {
		fail("connecting to %s: %v", *addr, err)
	}
	defer conn.Close()
	base := metadata.NewOutgoingContext(context.Background(), metadata.Pairs(pairs...))

	var firstErr atomic.Pointer[string]
	call := func(i int64) error {
		ctx, cancel := context.WithTimeout(base, *deadline)
		defer cancel()
		req := requests[i%int64(len(requests))]
		var res []byte
		err := conn.Invoke(ctx, *method, &req, &res)
		if err != nil {
			s := status.Convert(err)
			text := fmt.Sprintf("%s: %s", s.Code(), s.Message())
			firstErr.CompareAndSwap(nil, &text)
		}
		return err
	}

	closed := func(callers int, dur time.Duration) result {
		r := result{Mode: fmt.Sprintf("closed loop x%d", callers)}
		var sent, ok, errs atomic.Int64
		lat := make([][]float64, callers)
		start := time.Now()
		until := start.Add(dur)
		var wg sync.WaitGroup
		for w := 0; w < callers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for time.Now().Before(until) {
					t := time.Now()
					if call(sent.Add(1)) == nil {
						ok.Add(1)
						lat[w] = append(lat[w], ms(time.Since(t)))
					} else {
						errs.Add(1)
					}
				}
			}(w)
		}
		wg.Wait()
		r.Seconds = time.Since(start).Seconds()
		r.Sent, r.Ok, r.Errors = sent.Load(), ok.Load(), errs.Load()
		r.Latencies = []float64{}
		for _, l := range lat {
			r.Latencies = append(r.Latencies, l...)
		}
		r.Lateness = []float64{}
		return r
	}

	if *warmup > 0 {
		closed(8, time.Duration(*warmup*float64(time.Second)))
		firstErr.Store(nil)
	}

	var r result
	switch *mode {
	case "closed":
		r = closed(*concurrency, time.Duration(*seconds*float64(time.Second)))
	case "open":
		total := int64(*rps * *seconds)
		interval := time.Duration(float64(time.Second) / *rps)
		r = result{Mode: fmt.Sprintf("open loop %g rps", *rps)}
		latencies := make([]float64, total)
		answered := make([]bool, total)
		lateness := make([]float64, 0, total)
		var inFlight, ok, errs int64
		var wg sync.WaitGroup
		start := time.Now()
		lastProgress := start
		for i := int64(0); i < total; i++ {
			if time.Since(lastProgress) >= *progressEvery {
				lastProgress = time.Now()
				fmt.Fprintf(os.Stderr, "%d/%d sent, %d answered, %d in flight, %d errors, %d shed\n", r.Sent, total, atomic.LoadInt64(&ok), atomic.LoadInt64(&inFlight), atomic.LoadInt64(&errs), r.Shed)
			}
			scheduled := start.Add(time.Duration(i) * interval)
			if d := time.Until(scheduled); d > 0 {
				time.Sleep(d)
			}
			r.Sent++
			if atomic.LoadInt64(&inFlight) >= *maxInFlight {
				r.Shed++
				continue
			}
			atomic.AddInt64(&inFlight, 1)
			sentAt := time.Now()
			lateness = append(lateness, ms(sentAt.Sub(scheduled)))
			wg.Add(1)
			go func(i int64, sentAt time.Time) {
				defer wg.Done()
				defer atomic.AddInt64(&inFlight, -1)
				if call(i) == nil {
					latencies[i] = ms(time.Since(sentAt))
					answered[i] = true
					atomic.AddInt64(&ok, 1)
				} else {
					atomic.AddInt64(&errs, 1)
				}
			}(i, sentAt)
		}
		wg.Wait()
		r.Seconds = time.Since(start).Seconds()
		r.Ok, r.Errors = ok, errs
		r.Latencies = make([]float64, 0, ok)
		for i, a := range answered {
			if a {
				r.Latencies = append(r.Latencies, latencies[i])
			}
		}
		r.Lateness = lateness
	default:
		fail("-mode must be open or closed, got %q", *mode)
	}
	if e := firstErr.Load(); e != nil {
		r.FirstError = *e
	}
	if err := json.NewEncoder(os.Stdout).Encode(r); err != nil {
		fail("writing result: %v", err)
	}
}
