// sdei_firmware_test.cc - the EL3 SDEI dispatcher rules, one test per rule, on the model directly.
//
// Spec: stop-path.md §4.10 (Linux errno mapping, -EIO when absent/broken),
// §4.11 (TF-A event-0 rules), §7.2 (firmware faults), §12.1.4 (event 0 to a
// masked PE is dropped, never re-pended).
#include <gtest/gtest.h>

#include "models/sdei_firmware.h"

namespace sf {
namespace {

SdeiFirmware booted(int ncpus = 4, SdeiFaults f = {}) {
  SdeiFirmware fw;
  fw.reset(ncpus, f);
  EXPECT_EQ(fw.event_register(0), kSdeiOk);
  EXPECT_EQ(fw.event_enable(0), kSdeiOk);
  fw.end_of_boot();
  return fw;
}

// §4.11: SIGNAL accepts event 0 only, and only at a real core.
TEST(SdeiFirmware, SignalAcceptsOnlyEventZeroAtRealCore) {
  SdeiFirmware fw = booted(4);
  EXPECT_EQ(fw.event_signal(0, 1, 1), kEINVAL);
  EXPECT_EQ(fw.event_signal(0, 0, 4), kEINVAL);
  EXPECT_EQ(fw.event_signal(0, 0, -1), kEINVAL);
  EXPECT_EQ(fw.event_signal(0, 0, 3), kSdeiOk);
}

// §4.11: success means "SGI raised", not "handler will run": SIGNAL succeeds
// even when the target is masked or the event is not registered.
TEST(SdeiFirmware, SignalSuccessDoesNotMeanDelivery) {
  SdeiFirmware fw = booted(2);
  ASSERT_EQ(fw.pe_mask(1), kSdeiOk);
  EXPECT_EQ(fw.event_signal(0, 0, 1), kSdeiOk);
  fw.raise_sgi(1);
  EXPECT_EQ(fw.take_sgi(1), SdeiFirmware::Take::kDropMasked);
  ASSERT_EQ(fw.event_unregister(0), kSdeiOk);
  EXPECT_EQ(fw.event_signal(0, 0, 0), kSdeiOk) << "registration is not checked at SIGNAL";
}

// §4.11 item 1, §12.1.4: event 0 to a masked PE is dropped and not re-pended:
// unmasking later delivers nothing.
TEST(SdeiFirmware, MaskedPeDropsEventZeroWithoutRepend) {
  SdeiFirmware fw = booted(2);
  fw.pe_mask(1);
  fw.raise_sgi(1);
  EXPECT_EQ(fw.take_sgi(1), SdeiFirmware::Take::kDropMasked);
  EXPECT_FALSE(fw.sgi_pending(1));
  fw.pe_unmask(1);
  EXPECT_EQ(fw.take_sgi(1), SdeiFirmware::Take::kNothing);
  EXPECT_EQ(fw.outstanding(1), 0);
}

// §4.11 item 3: not registered+enabled on that PE -> dropped.
TEST(SdeiFirmware, UnregisteredOrDisabledEventIsDropped) {
  SdeiFirmware never;
  never.reset(2, {});
  never.end_of_boot();
  never.raise_sgi(1);
  EXPECT_EQ(never.take_sgi(1), SdeiFirmware::Take::kDropUnregistered);
  EXPECT_FALSE(never.sgi_pending(1));

  SdeiFirmware registered_only;
  registered_only.reset(2, {});
  ASSERT_EQ(registered_only.event_register(0), kSdeiOk);
  registered_only.raise_sgi(0);
  EXPECT_EQ(registered_only.take_sgi(0), SdeiFirmware::Take::kDropUnregistered) << "registered, not enabled";

  SdeiFirmware fw = booted(2);
  ASSERT_EQ(fw.event_unregister(0), kSdeiOk);
  fw.raise_sgi(1);
  EXPECT_EQ(fw.take_sgi(1), SdeiFirmware::Take::kDropUnregistered);
}

// §4.11 items 4-5: dispatch pushes a context; an outstanding dispatch of
// equal priority keeps the SGI pending until it completes.
TEST(SdeiFirmware, OutstandingDispatchBlocksUntilComplete) {
  SdeiFirmware fw = booted(2);
  fw.raise_sgi(1);
  ASSERT_EQ(fw.take_sgi(1), SdeiFirmware::Take::kDispatch);
  EXPECT_EQ(fw.outstanding(1), 1);
  fw.raise_sgi(1);
  EXPECT_EQ(fw.take_sgi(1), SdeiFirmware::Take::kBlocked);
  EXPECT_TRUE(fw.sgi_pending(1)) << "stays pending behind the dispatch";
  EXPECT_EQ(fw.take_sgi(1), SdeiFirmware::Take::kBlocked);
  ASSERT_EQ(fw.event_complete(1), kSdeiOk);
  EXPECT_EQ(fw.take_sgi(1), SdeiFirmware::Take::kDispatch);
  // A foreign (GHES-like) dispatch blocks event 0 the same way.
  fw.push_foreign_dispatch(0);
  fw.raise_sgi(0);
  EXPECT_EQ(fw.take_sgi(0), SdeiFirmware::Take::kBlocked);
}

// §4.11 item 6: COMPLETE and COMPLETE_AND_RESUME pop one dispatch; with none
// outstanding they are DENIED (-EPERM).
TEST(SdeiFirmware, CompletePopsAndIsDeniedWithNoneOutstanding) {
  SdeiFirmware fw = booted(2);
  EXPECT_EQ(fw.event_complete(1), kEPERM);
  EXPECT_EQ(fw.event_complete_and_resume(1), kEPERM);
  fw.push_foreign_dispatch(1);
  fw.raise_sgi(1);
  EXPECT_EQ(fw.take_sgi(1), SdeiFirmware::Take::kBlocked);
  EXPECT_EQ(fw.event_complete_and_resume(1), kSdeiOk);
  EXPECT_EQ(fw.outstanding(1), 0);
  EXPECT_EQ(fw.take_sgi(1), SdeiFirmware::Take::kDispatch);
  EXPECT_EQ(fw.event_complete(1), kSdeiOk);
  EXPECT_EQ(fw.outstanding(1), 0);
  EXPECT_EQ(fw.event_complete(1), kEPERM);
}

// §4.10: absent firmware: not present, every call -EIO without effect.
TEST(SdeiFirmware, AbsentFirmwareReturnsEio) {
  SdeiFaults f;
  f.mode = SdeiMode::kAbsent;
  SdeiFirmware fw;
  fw.reset(2, f);
  EXPECT_FALSE(fw.is_present());
  EXPECT_EQ(fw.event_register(0), kEIO);
  EXPECT_EQ(fw.event_enable(0), kEIO);
  EXPECT_EQ(fw.event_signal(0, 0, 1), kEIO);
  EXPECT_EQ(fw.pe_mask(1), kEIO);
  EXPECT_FALSE(fw.masked(1));
  EXPECT_EQ(fw.pe_unmask(1), kEIO);
  EXPECT_EQ(fw.event_unregister(0), kEIO);
}

// §4.10: broken firmware works during boot, then every call is -EIO.
TEST(SdeiFirmware, BrokenFirmwareReturnsEioAfterBoot) {
  SdeiFaults f;
  f.mode = SdeiMode::kBroken;
  SdeiFirmware fw;
  fw.reset(2, f);
  EXPECT_TRUE(fw.is_present());
  EXPECT_EQ(fw.event_register(0), kSdeiOk);
  EXPECT_EQ(fw.event_enable(0), kSdeiOk);
  fw.end_of_boot();
  EXPECT_EQ(fw.event_signal(0, 0, 1), kEIO);
  EXPECT_EQ(fw.pe_mask(0), kEIO);
  EXPECT_FALSE(fw.masked(0));
}

// §7.2: EVENT_REGISTER or EVENT_ENABLE of event 0 fails at boot.
TEST(SdeiFirmware, RegisterAndEnableFaults) {
  SdeiFaults reg;
  reg.mode = SdeiMode::kRegisterFails;
  SdeiFirmware a;
  a.reset(2, reg);
  EXPECT_NE(a.event_register(0), kSdeiOk);
  EXPECT_FALSE(a.registered());
  EXPECT_NE(a.event_enable(0), kSdeiOk) << "cannot enable what is not registered";

  SdeiFaults en;
  en.mode = SdeiMode::kEnableFails;
  SdeiFirmware b;
  b.reset(2, en);
  EXPECT_EQ(b.event_register(0), kSdeiOk);
  EXPECT_NE(b.event_enable(0), kSdeiOk);
  EXPECT_FALSE(b.enabled_on(0));
  EXPECT_FALSE(b.enabled_on(1));

  // Register twice / other events are invalid parameters.
  SdeiFirmware c;
  c.reset(2, {});
  EXPECT_EQ(c.event_register(1), kEINVAL);
  EXPECT_EQ(c.event_register(0), kSdeiOk);
  EXPECT_EQ(c.event_register(0), kEINVAL);
}

// §7.2: a per-target SIGNAL error is returned as its Linux errno.
TEST(SdeiFirmware, PerTargetSignalErrors) {
  for (int err : {kEINVAL, kEPERM, kEIO, kENOMEM, kEINPROGRESS, kEOPNOTSUPP}) {
    SdeiFaults f;
    f.signal_error[2] = err;
    SdeiFirmware fw = booted(3, f);
    EXPECT_EQ(fw.event_signal(0, 0, 2), err) << sdei_errno_name(err);
    EXPECT_EQ(fw.event_signal(0, 0, 1), kSdeiOk);
    EXPECT_STRNE(sdei_errno_name(err), "error");
  }
}

// §12.5: inert firmware: not present at boot (the NMI driver's init ran
// before the probe), present afterwards.
TEST(SdeiFirmware, InertIsPresentOnlyAfterBoot) {
  SdeiFaults f;
  f.mode = SdeiMode::kInert;
  SdeiFirmware fw;
  fw.reset(2, f);
  EXPECT_FALSE(fw.is_present());
  fw.end_of_boot();
  EXPECT_TRUE(fw.is_present());
}

// Hot-plugged CPU: the SDEI hotplug callback enables event 0 there, but only
// if it is registered.
TEST(SdeiFirmware, HotplugCallbackEnablesWhenRegistered) {
  SdeiFirmware fw = booted(2);
  fw.event_unregister(0);
  fw.cpu_online_callback(1);
  EXPECT_FALSE(fw.enabled_on(1));
  fw.event_register(0);
  fw.cpu_online_callback(1);
  EXPECT_TRUE(fw.enabled_on(1));
}

}  // namespace
}  // namespace sf
