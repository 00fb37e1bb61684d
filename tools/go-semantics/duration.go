package main

import (
	"encoding/json"
	"strconv"
	"time"
)

// Mode "duration": a duration string as ESO's refreshInterval / retryInterval fields parse it
// (metav1.Duration, which calls time.ParseDuration), bounded by time.Duration (int64 nanoseconds).
//
// Input: {"text"}. Result: {"ok", "error", "nanoseconds"}; nanoseconds is a decimal string,
// since an int64 does not fit a JSON number read by JavaScript.
func init() {
	modes["duration"] = func(input json.RawMessage) (any, error) {
		var in struct {
			Text *string `json:"text"`
		}
		if err := decodeVectorInput(input, &in); err != nil {
			return nil, err
		}
		if in.Text == nil {
			return nil, errMissing("text")
		}
		type result struct {
			OK          bool   `json:"ok"`
			Error       string `json:"error"`
			Nanoseconds string `json:"nanoseconds"`
		}
		d, err := time.ParseDuration(*in.Text)
		if err != nil {
			return result{OK: false, Error: err.Error(), Nanoseconds: "0"}, nil
		}
		return result{OK: true, Nanoseconds: strconv.FormatInt(int64(d), 10)}, nil
	}
}
