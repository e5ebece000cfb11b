package tracker

// WhenSys exposes When with the system's zone given, so that the tests of When do not depend on
// the zone of the machine they run on.
var WhenSys = whenSys
